-- AlterTable
ALTER TABLE "Measurement" ADD COLUMN     "noteRemovedAt" TIMESTAMP(3),
ADD COLUMN     "noteRemovedBy" TEXT,
ADD COLUMN     "noteRemovedReason" TEXT;

-- AlterTable
ALTER TABLE "ActionUpdate" ADD COLUMN     "noteRemovedAt" TIMESTAMP(3),
ADD COLUMN     "noteRemovedBy" TEXT,
ADD COLUMN     "noteRemovedReason" TEXT;

-- CreateTable
CREATE TABLE "ConfirmationUse" (
    "nonce" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConfirmationUse_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "ConfirmationUse_usedAt_idx" ON "ConfirmationUse"("usedAt");

