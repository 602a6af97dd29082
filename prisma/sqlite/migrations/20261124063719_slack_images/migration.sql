-- CreateTable
CREATE TABLE "SlackImage" (
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "uploadedAt" DATETIME NOT NULL,

    PRIMARY KEY ("teamId", "name")
);

