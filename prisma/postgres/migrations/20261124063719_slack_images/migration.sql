-- CreateTable
CREATE TABLE "SlackImage" (
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackImage_pkey" PRIMARY KEY ("teamId","name")
);

