-- CreateTable
CREATE TABLE "Action" (
    "ref" TEXT NOT NULL PRIMARY KEY,
    "theme" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "sponsorId" TEXT,
    "due" TEXT NOT NULL,
    "measureKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "evidence" TEXT,
    "lastUpdateAt" DATETIME,
    "doneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ActionUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actionRef" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "by" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT,
    "note" TEXT,
    "oldDue" TEXT,
    "newDue" TEXT,
    CONSTRAINT "ActionUpdate_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action" ("ref") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReminderItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actionRef" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    CONSTRAINT "ReminderItem_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action" ("ref") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Action_ownerId_idx" ON "Action"("ownerId");

-- CreateIndex
CREATE INDEX "ActionUpdate_actionRef_at_idx" ON "ActionUpdate"("actionRef", "at");

-- CreateIndex
CREATE INDEX "ReminderItem_actionRef_sentAt_idx" ON "ReminderItem"("actionRef", "sentAt");

