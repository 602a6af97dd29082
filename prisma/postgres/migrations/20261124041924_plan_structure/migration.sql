-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "measureBy" TEXT,
ADD COLUMN     "measureTarget" DOUBLE PRECISION,
ADD COLUMN     "measureText" TEXT,
ADD COLUMN     "objectiveRef" TEXT,
ADD COLUMN     "ownerName" TEXT,
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sponsorName" TEXT,
ADD COLUMN     "start" TEXT,
ALTER COLUMN "ownerId" DROP NOT NULL,
ALTER COLUMN "due" DROP NOT NULL;

-- CreateTable
CREATE TABLE "PlanTheme" (
    "name" TEXT NOT NULL,
    "ref" TEXT,
    "aim" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PlanTheme_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "PlanObjective" (
    "ref" TEXT NOT NULL,
    "theme" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PlanObjective_pkey" PRIMARY KEY ("ref")
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "ref" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("ref")
);

-- CreateTable
CREATE TABLE "ActionRecommendation" (
    "actionRef" TEXT NOT NULL,
    "recommendationRef" TEXT NOT NULL,

    CONSTRAINT "ActionRecommendation_pkey" PRIMARY KEY ("actionRef","recommendationRef")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" SERIAL NOT NULL,
    "actionRef" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "due" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Risk" (
    "id" SERIAL NOT NULL,
    "theme" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "likelihood" INTEGER NOT NULL,
    "impact" INTEGER NOT NULL,
    "ownerId" TEXT,
    "ownerName" TEXT,
    "reviewDate" TEXT,
    "mitigation" TEXT,
    "lastReviewedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT,

    CONSTRAINT "Risk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActionRecommendation_recommendationRef_idx" ON "ActionRecommendation"("recommendationRef");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_actionRef_n_key" ON "Milestone"("actionRef", "n");

-- AddForeignKey
ALTER TABLE "ActionRecommendation" ADD CONSTRAINT "ActionRecommendation_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action"("ref") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionRecommendation" ADD CONSTRAINT "ActionRecommendation_recommendationRef_fkey" FOREIGN KEY ("recommendationRef") REFERENCES "Recommendation"("ref") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action"("ref") ON DELETE CASCADE ON UPDATE CASCADE;

