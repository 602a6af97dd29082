-- AlterTable
ALTER TABLE "Measurement" ADD COLUMN "noteRemovedAt" DATETIME;
ALTER TABLE "Measurement" ADD COLUMN "noteRemovedBy" TEXT;
ALTER TABLE "Measurement" ADD COLUMN "noteRemovedReason" TEXT;

-- AlterTable
ALTER TABLE "ActionUpdate" ADD COLUMN "noteRemovedAt" DATETIME;
ALTER TABLE "ActionUpdate" ADD COLUMN "noteRemovedBy" TEXT;
ALTER TABLE "ActionUpdate" ADD COLUMN "noteRemovedReason" TEXT;

-- CreateTable
CREATE TABLE "ConfirmationUse" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "usedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ConfirmationUse_usedAt_idx" ON "ConfirmationUse"("usedAt");

