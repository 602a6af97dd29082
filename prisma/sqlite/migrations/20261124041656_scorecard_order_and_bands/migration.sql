-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN "bandHigh" REAL;
ALTER TABLE "Indicator" ADD COLUMN "bandLow" REAL;
ALTER TABLE "Indicator" ADD COLUMN "group" TEXT;
ALTER TABLE "Indicator" ADD COLUMN "order" REAL;

