-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "ragOverride" TEXT,
ADD COLUMN     "ragReason" TEXT;

