-- CreateTable
CREATE TABLE "TaskListView" (
    "userId" TEXT NOT NULL,
    "taskIds" TEXT[],
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TaskListView_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "TaskListView" ADD CONSTRAINT "TaskListView_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
