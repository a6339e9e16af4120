using System.Runtime.InteropServices;
using UnityVideo.Core.Training;
using static UnityVideo.Tests.Training.TrainingTestKit;

namespace UnityVideo.Tests.Training;

/// <summary>A step that libtorch fails on a freed Scalar sends the run back to its last checkpoint, not to the user.</summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class TrainerRecoveryTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    private readonly string data = fixture.Data;

    // The message libtorch gives (trimmed) when it reads a Scalar TorchSharp has already freed.
    private static ExternalException FreedScalarFailure() => new(
        "Expected false to be true, but got false.\nException raised from toFloat at /pytorch/c10/core/Scalar.h:140 (most recent call first):");

    [Fact]
    public void A_freed_scalar_failure_mid_run_goes_back_to_the_last_checkpoint_and_ends_as_the_straight_run()
    {
        using var dir = new TempDir();
        var straight = Trainer(Options(12, checkpointEvery: 4)).Run(Request(data, dir.File("straight")));

        var failures = 0;
        var trainer = Trainer(Options(12, checkpointEvery: 4));
        trainer.BeforeStep = step => { if (step == 9 && failures++ == 0) throw FreedScalarFailure(); }; // once, between checkpoints 8 and 12
        var notes = new List<string>();
        var recovered = trainer.Run(Request(data, dir.File("recovered")), new SyncProgress(p => { if (p.Note is { } n) notes.Add(n); }));

        Assert.True(recovered.Completed);
        Assert.Contains(notes, n => n.Contains("step 10 failed inside libtorch", StringComparison.Ordinal) && n.Contains("step-000008", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(straight.ModelPath!), File.ReadAllBytes(recovered.ModelPath!));
        static string Line(TrainingMetric m) => $"{m.Step} {m.Task} {m.Modality} {m.Loss:R} {m.GradNorm:R}";
        Assert.Equal(TrainerTests.ReadMetrics(straight.MetricsPath).Select(Line), TrainerTests.ReadMetrics(recovered.MetricsPath).Select(Line));
    }

    [Fact]
    public void Other_native_failures_and_a_failure_before_the_first_checkpoint_still_stop_the_run()
    {
        using var dir = new TempDir();
        var other = Trainer(Options(6, checkpointEvery: 2));
        other.BeforeStep = step => { if (step == 3) throw new ExternalException("CUDA out of memory."); };
        Assert.Contains("out of memory", Assert.Throws<ExternalException>(() => other.Run(Request(data, dir.File("other")))).Message, StringComparison.Ordinal);

        var early = Trainer(Options(6, checkpointEvery: 4));
        early.BeforeStep = step => { if (step == 1) throw FreedScalarFailure(); };
        Assert.Throws<ExternalException>(() => early.Run(Request(data, dir.File("early"))));

        var every = Trainer(Options(6, checkpointEvery: 2));
        every.BeforeStep = step => { if (step == 3) throw FreedScalarFailure(); };  // fails every time: gives up after MaxRecoveries
        Assert.Throws<ExternalException>(() => every.Run(Request(data, dir.File("every"))));
    }
}
