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
}
