using UnityVideo.Core.Training;
using static UnityVideo.Tests.Training.TrainingTestKit;

namespace UnityVideo.Tests.Training;

[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class TrainerReplanTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    private readonly string data = fixture.Data;

    [Theory]
    [InlineData(45, 45)]    // shortened: ends at the asked step with a finished model
    [InlineData(80, 80)]    // lengthened: the stage boundary (40 % of 80 = 32) stays behind step 40
    [InlineData(0, 41)]     // never before the next step
    public void A_run_asked_to_re_plan_itself_ends_at_the_new_total_with_its_schedule_finished(int asked, int expected)
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
        Assert.Contains(notes, n => n.StartsWith($"re-planned to {expected} steps (from 60)", StringComparison.Ordinal));
        // The learning rate decays to the new end, not to the old one: the last step's is near zero.
        Assert.True(metrics[^1].LearningRate < 0.02 * 2e-3, $"last learning rate {metrics[^1].LearningRate}");
        if (expected < 60)
            Assert.True(metrics[^1].LearningRate < new LearningRateSchedule(2e-3, 3, 60).At(expected - 1) / 5);
        else   // past the old end (where the old schedule had reached zero) the run still learns
            Assert.True(metrics[60].LearningRate > 0.05 * 2e-3, $"learning rate at step 61: {metrics[60].LearningRate}");
    }

    [Fact]
    public void A_longer_run_never_goes_back_to_a_stage_it_has_left()
    {
        // At step 40 of 60 the run is in its second stage (the first is 40 % of the steps: 24). Asked for 500 steps, the
        // first stage would end at step 200; the run grows only to 101 steps, the longest whose first stage (round(40.4)
        // = 40 steps) still ends at step 40.
        using var dir = new TempDir();
        var notes = new List<string>();
        var request = Request(data, dir.File("run")) with { Replan = pace => pace.Step == 40 ? 500 : null };

        var r = Trainer(Options(60)).Run(request, new SyncProgress(p => { if (p.Note is { } n) notes.Add(n); }));

        Assert.True(r.Completed);
        Assert.Equal(101, r.TotalSteps);
        Assert.Contains(notes, n => n.StartsWith("re-planned to 101 steps (from 60)", StringComparison.Ordinal));
        var stages = TrainerTests.ReadMetrics(r.MetricsPath).Select(m => m.Stage).ToList();
        var left = stages.FindIndex(s => s != stages[0]);
        Assert.Equal(24, left);   // the first stage ended where the 60-step plan put it
        Assert.DoesNotContain(stages[left..], s => s == stages[0]);
    }
}
