// The log-linear histogram: bounded relative error, and percentiles that never leave [min, max].
#include "metrics/histogram.h"

#include <QTest>

#include <algorithm>
#include <random>

using looplab::metrics::LogLinearHistogram;

class TestHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void quantilesWithinRelativeError_data()
    {
        QTest::addColumn<QString>("distribution");
        QTest::addColumn<double>("q");
        for (const char* d : {"uniform", "exponential", "lognormal"})
            for (double q : {0.5, 0.9, 0.99, 0.999})
                QTest::newRow(qPrintable(QStringLiteral("%1 q%2").arg(QLatin1String(d)).arg(q)))
                    << QString::fromLatin1(d) << q;
    }
    void quantilesWithinRelativeError()
    {
        QFETCH(QString, distribution);
        QFETCH(double, q);
        std::mt19937_64 rng(42);
        std::vector<double> values;
        for (int i = 0; i < 100'000; ++i) {
            double v = 0;
            if (distribution == QLatin1String("uniform"))
                v = std::uniform_real_distribution<double>(0.1, 500.0)(rng);
            else if (distribution == QLatin1String("exponential"))
                v = std::exponential_distribution<double>(1 / 20.0)(rng);
            else
                v = std::lognormal_distribution<double>(1.0, 1.5)(rng);
            values.push_back(v);
        }
        LogLinearHistogram h;
        for (double v : values)
            h.add(v);
        std::sort(values.begin(), values.end());
        const double exact = values[size_t(std::ceil(q * values.size())) - 1];
        const double got = h.quantile(q);
        // 32 sub-buckets per power of two: at most 1/32 relative error (plus interpolation).
        QVERIFY2(
            std::abs(got - exact) / exact < 0.035, qPrintable(QStringLiteral("exact %1 got %2").arg(exact).arg(got)));
    }

    void percentilesNeverExceedMax()
    {
        LogLinearHistogram h;
        for (double v : {1.0, 1.01, 1.02, 200.0})
            h.add(v);
        QCOMPARE(h.max(), 200.0);
        QVERIFY(h.quantile(0.99) <= h.max());
        QVERIFY(h.quantile(1.0) <= h.max());
        QVERIFY(h.quantile(0.0) >= h.min());
        LogLinearHistogram one;
        one.add(7.3);
        QCOMPARE(one.quantile(0.5), 7.3); // a single sample is exact thanks to the clamp
    }

    void mergeAndClear()
    {
        LogLinearHistogram a, b;
        for (int i = 1; i <= 100; ++i)
            (i % 2 ? a : b).add(i);
        a.merge(b);
        QCOMPARE(a.count(), uint64_t(100));
        QCOMPARE(a.max(), 100.0);
        QVERIFY(std::abs(a.quantile(0.5) - 50) < 2);
        a.clear();
        QCOMPARE(a.count(), uint64_t(0));
        QCOMPARE(a.quantile(0.5), 0.0);
    }

    void zeroAndNegativeFoldIntoFirstBucket()
    {
        LogLinearHistogram h;
        h.add(0);
        h.add(-1);
        h.add(std::nan(""));
        QCOMPARE(h.count(), uint64_t(2)); // NaN is not a measurement
        QVERIFY(h.quantile(0.5) >= h.min() && h.quantile(0.5) <= h.max());
    }
};

QTEST_GUILESS_MAIN(TestHistogram)
#include "test_histogram.moc"
