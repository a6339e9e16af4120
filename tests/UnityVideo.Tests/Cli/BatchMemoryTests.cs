namespace UnityVideo.Tests.Cli;

/// <summary>A batch that cannot fit in memory is a configuration error with the numbers, not an out-of-memory kill.</summary>
public sealed class BatchMemoryTests
{
    [Fact]
    public void A_batch_beyond_the_machines_memory_is_rejected_at_validation_with_the_estimate()
    {
        using var dir = new TempDir();

        var validate = CliRunner.Run("config", "validate", "--set", "Training:BatchSize=2000000000");
        var train = CliRunner.Run("train", "--data", dir.File("data"), "--out", dir.File("run"), "--set", "Training:BatchSize=2000000000");

        foreach (var r in new[] { validate, train })
        {
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("Training:BatchSize: 2000000000 clips need at least", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("but this machine has", r.Stderr, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(dir.File("run"))); // nothing was created
    }

    [Fact]
    public void The_default_presets_pass()
    {
        foreach (var preset in new[] { "tiny", "small" })
            Assert.Equal(0, CliRunner.Run("config", "validate", "--set", $"Model:Preset={preset}").ExitCode);
    }

    [Fact]
    public void A_thousand_clips_of_the_demo_model_are_refused_on_a_24_GB_machine_and_its_own_batch_is_not()
    {
        // Measured on this machine: the tiny preset at 32² × 8 frames peaks at about 1.6 GB for a batch of 16 (about
        // 80 MB a clip), so a batch of 1000 needs some 80 GB; the estimate must catch it, and let the demo's 8 through.
        var config = new UnityVideo.Core.Model.DiTConfig { HiddenSize = 128, Depth = 4, Heads = 4, MlpRatio = 4, PatchSize = 4, Frames = 8, Height = 32, Width = 32 };
        const long machine = 24L << 30;

        var refused = UnityVideo.Host.Training.TrainingMemory.Check(config, 1000, 2, machine);

        Assert.NotNull(refused);
        Assert.Contains("1000 clips need at least", refused, StringComparison.Ordinal);
        Assert.Contains("use at most", refused, StringComparison.Ordinal);
        Assert.Null(UnityVideo.Host.Training.TrainingMemory.Check(config, 8, 2, machine));
        var perClip = UnityVideo.Host.Training.TrainingMemory.ActivationBytes(config, 1, 2);
        Assert.InRange(perClip, 20e6, 80e6); // an estimate below the measured peak, not 40 times below it
    }
}
