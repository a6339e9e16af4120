using UnityVideo.Host.Inference;

namespace UnityVideo.Tests.Cli;

/// <summary>A run that starts from the shipped model by its name, from the command line or from an experiment file.</summary>
public sealed class TrainFromReferenceTests
{
    [Fact]
    public void The_name_reference_starts_a_run_from_the_shipped_weights_whether_given_as_option_or_setting()
    {
        using var dir = new TempDir();
        var config = Path.Combine(RepoPaths.Root, ShippedModels.Folder, "reference", "config.json"); // the shipped model's own recipe
        var synth = CliRunner.Run("data", "synth", "--out", dir.File("data"), "--clips", "2", "--size", "32", "--frames", "8", "--config", config);
        Assert.True(synth.ExitCode == 0, synth.Stderr);
        var shipped = Path.Combine(RepoPaths.Root, ShippedModels.Folder, "reference", "model.safetensors");

        foreach (var (name, how) in new[] { ("option", new[] { "--init-from", "reference" }), ("setting", new[] { "--set", "Training:InitFrom=reference" }) })
        {
            var r = CliRunner.Run([
                "train", "--data", dir.File("data"), "--out", dir.File(name), "--config", config, "--steps", "1", "--device", "cpu",
                "--set", "Training:BatchSize=1", .. how,
            ]);
            Assert.True(r.ExitCode == 0, $"{name}: {r.Stderr}");
            Assert.Contains($"tensors from {shipped}", r.Stdout + r.Stderr, StringComparison.Ordinal);
        }

        var unknown = CliRunner.Run("train", "--data", dir.File("data"), "--out", dir.File("bad"), "--config", config, "--steps", "1", "--device", "cpu",
            "--set", "Training:InitFrom=no-such-model.safetensors");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no-such-model.safetensors", unknown.Stderr, StringComparison.Ordinal);
    }
}
