using System.Text.Json;
using UnityVideo.Tests.Plugins;

namespace UnityVideo.Tests.Cli;

/// <summary>
/// The normals sample as a user drops it in: not loaded by default; with its folder in Plugins:Directories it
/// synthesises, trains and is evaluated with its own metric and panels, all through the CLI.
/// </summary>
public sealed class NormalsSampleCommandTests
{
    [Fact]
    public void The_sample_is_off_by_default_and_once_added_synthesises_trains_and_is_evaluated()
    {
        Assert.DoesNotContain("normals", Modalities(CliRunner.Run("plugins", "list", "--json")));

        using var dir = new TempDir();
        var exp = dir.File("exp.json");
        File.WriteAllText(exp, $$"""
            {
              "Plugins": { "Directories": [ {{JsonSerializer.Serialize(NormalsSample.PluginDirectory)}} ] },
              "Modalities": { "Enabled": [ "normals" ] },
              "Model": {
                "Preset": "test",
                "Presets": { "test": { "HiddenSize": 32, "Depth": 1, "Heads": 2, "MlpRatio": 2, "PatchSize": 4, "Frames": 4, "Height": 16, "Width": 16,
                                       "TextDim": 16, "TextLayers": 1, "TextHeads": 2, "MaxPromptTokens": 8, "TextBuckets": 128 } }
              },
              "Training": { "BatchSize": 2, "WarmupSteps": 1, "Seed": 3 },
              "Runtime": { "Threads": 1 }
            }
            """);

        Assert.Contains("normals", Modalities(CliRunner.Run("plugins", "list", "--json", "--config", exp)));

        var synth = CliRunner.Run("data", "synth", "--out", dir.File("data"), "--clips", "2", "--size", "16", "--frames", "4", "--config", exp);
        Assert.True(synth.ExitCode == 0, synth.Stderr);

        var train = CliRunner.Run("train", "--data", dir.File("data"), "--out", dir.File("run"), "--config", exp, "--steps", "2");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("trained at step 2/2", train.Stdout, StringComparison.Ordinal);

        var eval = CliRunner.Run("eval", "--checkpoint", dir.File("run/model.safetensors"), "--data", dir.File("data"), "--out", dir.File("eval"),
            "--clips", "1", "--steps", "1", "--config", exp);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("eval/report.json")));
        var normals = report.RootElement.GetProperty("estimation").GetProperty("normals");
        var angle = normals.GetProperty("mean_angle").GetDouble();
        var within = normals.GetProperty("within_11_25").GetDouble();
        Assert.InRange(angle, 0, 180);
        Assert.InRange(within, 0, 100);
        Assert.Contains("mean_angle", File.ReadAllText(dir.File("eval/report.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("eval/panels/clip-000-joint.png")));
    }

    /// <summary>The modality names a `plugins list --json` run printed.</summary>
    private static List<string> Modalities(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        return [.. json.RootElement.EnumerateArray().Select(m => m.GetProperty("name").GetString()!)];
    }
}
