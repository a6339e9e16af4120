using UnityVideo.Core.Training;
using static UnityVideo.Tests.Training.TrainingTestKit;

namespace UnityVideo.Tests.Training;

[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class TrainerReplanTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    private readonly string data = fixture.Data;

    [Theory]
    [InlineData(45, 45)]    // shortened: ends at the asked step with a finished model
    [InlineData(500, 60)]   // never longer than planned
    [InlineData(0, 41)]     // never before the next step
    public void A_run_asked_to_shorten_itself_ends_at_the_new_total_with_its_schedule_finished(int asked, int expected)
    {
        using var dir = new TempDir();
        var asks = new List<TrainingPace>();
        var notes = new List<string>();
        var request = Request(data, dir.File("run")) with { Replan = pace => { asks.Add(pace); return pace.Step >= 40 ? asked : null; } };

        var r = Trainer(Options(60)).Run(request, new SyncProgress(p => { if (p.Note is { } n) notes.Add(n); }));

        Assert.True(r.Completed);
        Assert.Equal(expected, r.Step);
        Assert.Equal(expected, r.TotalSteps);
        Assert.True(File.Exists(r.ModelPath));
        var metrics = TrainerTests.ReadMetrics(r.MetricsPath);
        Assert.Equal(Enumerable.Range(1, expected), metrics.Select(m => m.Step));
        // The pace is first read after the window that fills the data cache, then every window.
        Assert.Equal(40, asks[0].Step);
        Assert.Equal(60, asks[0].PlannedSteps);
        Assert.All(asks, a => Assert.True(a.RecentSecondsPerStep > 0 && a.Elapsed > TimeSpan.Zero));
        if (expected == 60)
        {
            Assert.DoesNotContain(notes, n => n.StartsWith("re-planned", StringComparison.Ordinal));
            return;
        }
        Assert.Contains(notes, n => n.StartsWith($"re-planned to {expected} steps (from 60)", StringComparison.Ordinal));
        // The learning rate decays to the new end, not to the old one: the last step's is near zero.
        Assert.True(metrics[^1].LearningRate < 0.02 * 2e-3, $"last learning rate {metrics[^1].LearningRate}");
        Assert.True(metrics[^1].LearningRate < new LearningRateSchedule(2e-3, 3, 60).At(expected - 1) / 5);
    }
}
