-- AlterTable
ALTER TABLE "Action" ADD COLUMN "ragOverride" TEXT;
ALTER TABLE "Action" ADD COLUMN "ragReason" TEXT;

