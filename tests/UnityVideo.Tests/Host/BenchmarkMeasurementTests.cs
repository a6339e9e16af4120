using System.Diagnostics;
using UnityVideo.Core;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Tests.Host;

public sealed class BenchmarkMeasurementTests
{
    [Fact]
    public void Median_is_the_middle_value_or_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(2.0, SampleStatistics.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, SampleStatistics.Median([4.0, 1.0, 3.0, 2.0]));
        Assert.Equal(7.0, SampleStatistics.Median([7.0]));
    }

    [Fact]
    public void Timer_runs_the_warm_ups_untimed_and_reports_every_timed_repeat()
    {
        var calls = 0;
        var timing = BenchmarkTimer.Measure(() => calls++, warmups: 2, repeats: 3);

        Assert.Equal(5, calls);
        Assert.Equal(3, timing.Repeats);
        Assert.True(timing.MinSeconds <= timing.MedianSeconds);
    }

    [Theory]
    [InlineData(1234.567, 4, 1235.0)]
    [InlineData(0.00123456, 3, 0.00123)]
    [InlineData(987654.0, 3, 988000.0)]
    [InlineData(-2.71828, 2, -2.7)]
    [InlineData(0.0, 4, 0.0)]
    public void Figures_keep_the_requested_significant_digits(double value, int digits, double expected) =>
        Assert.Equal(expected, Figures.Significant(value, digits), 9);

    [Fact]
    public void Peak_resident_memory_is_at_least_the_current_resident_memory()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var current = self.WorkingSet64 / (1024.0 * 1024.0);

        Assert.True(PeakMemory.ResidentMegabytes() >= current * 0.99, $"peak {PeakMemory.ResidentMegabytes()} MiB < current {current} MiB");
    }
}
