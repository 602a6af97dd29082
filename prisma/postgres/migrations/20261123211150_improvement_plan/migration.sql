-- CreateTable
CREATE TABLE "Action" (
    "ref" TEXT NOT NULL,
    "theme" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "sponsorId" TEXT,
    "due" TEXT NOT NULL,
    "measureKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "evidence" TEXT,
    "lastUpdateAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Action_pkey" PRIMARY KEY ("ref")
);

-- CreateTable
CREATE TABLE "ActionUpdate" (
    "id" SERIAL NOT NULL,
    "actionRef" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "by" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT,
    "note" TEXT,
    "oldDue" TEXT,
    "newDue" TEXT,

    CONSTRAINT "ActionUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderItem" (
    "id" SERIAL NOT NULL,
    "actionRef" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,

    CONSTRAINT "ReminderItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Action_ownerId_idx" ON "Action"("ownerId");

-- CreateIndex
CREATE INDEX "ActionUpdate_actionRef_at_idx" ON "ActionUpdate"("actionRef", "at");

-- CreateIndex
CREATE INDEX "ReminderItem_actionRef_sentAt_idx" ON "ReminderItem"("actionRef", "sentAt");

-- AddForeignKey
ALTER TABLE "ActionUpdate" ADD CONSTRAINT "ActionUpdate_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action"("ref") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderItem" ADD CONSTRAINT "ReminderItem_actionRef_fkey" FOREIGN KEY ("actionRef") REFERENCES "Action"("ref") ON DELETE CASCADE ON UPDATE CASCADE;

