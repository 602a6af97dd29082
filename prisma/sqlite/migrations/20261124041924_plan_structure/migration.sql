-- CreateTable
CREATE TABLE "PlanTheme" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "ref" TEXT,
    "aim" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "PlanObjective" (
    "ref" TEXT NOT NULL PRIMARY KEY,
    "theme" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "ref" TEXT NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL,
    "source" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ActionRecommendation" (
    "actionRef" TEXT NOT NULL,
    "recommendationRef" TEXT NOT NULL,

    PRIMARY KEY ("actionRef", "recommendationRef"),
    CONSTRAINT "ActionRecommendation_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action" ("ref") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionRecommendation_recommendationRef_fkey" FOREIGN KEY ("recommendationRef") REFERENCES "Recommendation" ("ref") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actionRef" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "due" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Milestone_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action" ("ref") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Risk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "theme" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "likelihood" INTEGER NOT NULL,
    "impact" INTEGER NOT NULL,
    "ownerId" TEXT,
    "ownerName" TEXT,
    "reviewDate" TEXT,
    "mitigation" TEXT,
    "lastReviewedAt" DATETIME,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    "closedReason" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Action" (
    "ref" TEXT NOT NULL PRIMARY KEY,
    "theme" TEXT NOT NULL,
    "objectiveRef" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "title" TEXT NOT NULL,
    "ownerId" TEXT,
    "ownerName" TEXT,
    "sponsorId" TEXT,
    "sponsorName" TEXT,
    "start" TEXT,
    "due" TEXT,
    "measureKey" TEXT,
    "measureTarget" REAL,
    "measureBy" TEXT,
    "measureText" TEXT,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "evidence" TEXT,
    "ragOverride" TEXT,
    "ragReason" TEXT,
    "lastUpdateAt" DATETIME,
    "doneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME
);
INSERT INTO "new_Action" ("createdAt", "deletedAt", "doneAt", "due", "evidence", "lastUpdateAt", "measureKey", "ownerId", "ragOverride", "ragReason", "ref", "sponsorId", "status", "theme", "title") SELECT "createdAt", "deletedAt", "doneAt", "due", "evidence", "lastUpdateAt", "measureKey", "ownerId", "ragOverride", "ragReason", "ref", "sponsorId", "status", "theme", "title" FROM "Action";
DROP TABLE "Action";
ALTER TABLE "new_Action" RENAME TO "Action";
CREATE INDEX "Action_ownerId_idx" ON "Action"("ownerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ActionRecommendation_recommendationRef_idx" ON "ActionRecommendation"("recommendationRef");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_actionRef_n_key" ON "Milestone"("actionRef", "n");

