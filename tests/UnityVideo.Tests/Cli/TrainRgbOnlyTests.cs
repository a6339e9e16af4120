using System.Text.Json;
using UnityVideo.Tests.Training;

namespace UnityVideo.Tests.Cli;

/// <summary>An RGB-only run (<c>Modalities:Enabled = ["rgb"]</c>): the ablations' text-to-video baseline.</summary>
public sealed class TrainRgbOnlyTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    [Fact]
    public void Enabling_only_rgb_trains_text_to_video_with_no_modality_stream()
    {
        using var dir = new TempDir();
        var exp = dir.File("exp.json");
        File.WriteAllText(exp, """
            {
              "Modalities": { "Enabled": [ "rgb" ] },
              "Model": {
                "Preset": "test",
                "Presets": { "test": { "HiddenSize": 32, "Depth": 1, "Heads": 2, "MlpRatio": 2, "PatchSize": 4, "Frames": 4, "Height": 16, "Width": 16,
                                       "TextDim": 16, "TextLayers": 1, "TextHeads": 2, "MaxPromptTokens": 8, "TextBuckets": 128 } }
              },
              "Training": { "BatchSize": 2, "WarmupSteps": 1, "CheckpointEvery": 4 }
            }
            """);
        var run = dir.File("run");

        var r = CliRunner.Run("train", "--data", fixture.Data, "--out", run, "--config", exp, "--steps", "4");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var steps = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, steps.Count);
        Assert.All(steps, s => Assert.Equal("rgb", s.GetProperty("modality").GetString()));
        Assert.All(steps, s => Assert.Equal("joint", s.GetProperty("task").GetString()));
        // The stored configuration says RGB only, so it does not read back as "every modality".
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        var enabled = config.RootElement.GetProperty("Modalities").GetProperty("enabled").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["rgb"], enabled);

        // The checkpoint then generates video from text, and has no modality to estimate.
        var gen = CliRunner.Run("generate", "--checkpoint", Path.Combine(run, "model.safetensors"), "--prompt", "a person walks", "--out", dir.File("gen"), "--steps", "2");
        Assert.True(gen.ExitCode == 0, gen.Stderr + gen.Stdout);
        Assert.NotEmpty(Directory.GetFiles(dir.File("gen"), "*.gif"));
    }
}
