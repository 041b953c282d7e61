-- CreateTable
CREATE TABLE "PaymentMinutesUpTo" (
    "day" DATE NOT NULL,
    "provider" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "payments" INTEGER NOT NULL,

    CONSTRAINT "PaymentMinutesUpTo_pkey" PRIMARY KEY ("day","provider","minute")
);

-- CreateTable
CREATE TABLE "PaymentMinutesDay" (
    "day" DATE NOT NULL,
    "countedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentMinutesDay_pkey" PRIMARY KEY ("day")
);


-- The job that writes each closed day's counts (lib/jobs/queues.ts).
SELECT pgboss.create_queue('count-payment-minutes', '{"policy":"short"}');
