using System.Globalization;
using System.Text.Json;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Host.Inference;

namespace UnityVideo.Tests.Cli;

public sealed class DemoCommandTests
{
    /// <summary>A ~50 k-parameter model at 4 frames of 16², so the whole demo runs in seconds.</summary>
    private static string Experiment(TempDir dir)
    {
        var path = dir.File("exp.json");
        File.WriteAllText(path, """
            {
              "Modalities": { "Enabled": [ "depth", "flow", "skeleton" ] },
              "Model": {
                "Preset": "test",
                "Presets": { "test": { "HiddenSize": 32, "Depth": 1, "Heads": 2, "MlpRatio": 2, "PatchSize": 4, "Frames": 4, "Height": 16, "Width": 16,
                                       "TextDim": 16, "TextLayers": 1, "TextHeads": 2, "MaxPromptTokens": 8, "TextBuckets": 128 } }
              },
              "Training": { "BatchSize": 2, "WarmupSteps": 1 }
            }
            """);
        return path;
    }

    [Fact]
    public void Demo_trains_through_both_stages_evaluates_and_writes_its_report_and_panels()
    {
        using var dir = new TempDir();
        var outDir = dir.File("demo");

        var r = CliRunner.Run("demo", "--out", outDir, "--config", Experiment(dir), "--steps", "6", "--train-clips", "8", "--eval-clips", "1", "--sampler-steps", "1");

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("depth abs_rel: model", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("flow epe: model", r.Stdout, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("### The model trained here", report, StringComparison.Ordinal);
        Assert.Contains("solver steps: 1 per generated video, 1 per estimate (segmentation 10).", report, StringComparison.Ordinal); // the defaults' own steps for segmentation
        // The shipped model is 32² × 8 frames: it cannot be scored on this experiment's 16² × 4 clips, and the report says why.
        Assert.Contains("was not evaluated: it was trained on clips of 8 frames of 32x32, this demo's are 4 of 16x16", report, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(outDir, "reference")));
        Assert.Contains("pixel-aligned (steps 1–", report, StringComparison.Ordinal);   // stage 1, then stage 2
        Assert.Contains("→ all (steps", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "run", "loss.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "run", "model.safetensors")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "eval", "report.json")));
        Assert.Equal(1, json.RootElement.GetProperty("clips").GetInt32());
        foreach (var m in new[] { "depth", "flow", "skeleton" })
            Assert.True(json.RootElement.GetProperty("estimation").TryGetProperty(m, out _), $"no estimation scores for {m}");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "eval", "panels"), "*.gif"));
        Assert.False(Directory.Exists(Path.Combine(outDir, ".calibration")));
    }

    [Fact]
    public void Demo_scores_the_shipped_model_on_the_same_held_out_clips_before_training_and_can_leave_it_out()
    {
        using var dir = new TempDir();
        var outDir = dir.File("demo");

        // The built-in settings: the tiny preset at 32² × 8 frames, the shipped model's size and modalities.
        var r = CliRunner.Run("demo", "--out", outDir, "--steps", "2", "--train-clips", "8", "--eval-clips", "1", "--sampler-steps", "1", "--normals-steps", "2", "--set", "Training:BatchSize=2");

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("shipped model: depth abs_rel", r.Stdout, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        var shipped = report.IndexOf("### The shipped model", StringComparison.Ordinal);
        var here = report.IndexOf("### The model trained here", StringComparison.Ordinal);
        Assert.True(shipped >= 0 && here > shipped, report);
        Assert.Contains("| depth | abs_rel |", report[shipped..here], StringComparison.Ordinal);
        Assert.Contains("2 steps in", report[here..], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "reference", "report.json")));
        var shippedStep = ModelCheckpoint.ReadInfo(Path.Combine(RepoPaths.Root, ShippedModels.Folder, "reference", "model.safetensors")).Metadata["step"];
        Assert.Equal(int.Parse(shippedStep, CultureInfo.InvariantCulture), json.RootElement.GetProperty("step").GetInt32());   // the shipped weights, not the 2-step run
        Assert.Equal(1, json.RootElement.GetProperty("clips").GetInt32());

        // The sixth modality: the normals sample dropped into the demo's plugin folder, learnt from the shipped model and from scratch.
        Assert.True(File.Exists(Path.Combine(outDir, "normals", "plugins", "Normals", "UnityVideo.Samples.Normals.dll")));
        Assert.Contains("normals after 2 steps: mean angle", r.Stdout, StringComparison.Ordinal);
        var normals = report.IndexOf("## A sixth modality dropped in: surface normals", StringComparison.Ordinal);
        Assert.True(normals > here, report);
        Assert.Contains("| the shipped model |", report[normals..], StringComparison.Ordinal);
        Assert.Contains("| fresh weights |", report[normals..], StringComparison.Ordinal);
        foreach (var arm in new[] { "fine-tuned", "from-scratch" })
        {
            using var armReport = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "normals", arm, "eval", "report.json")));
            Assert.Equal(["normals"], armReport.RootElement.GetProperty("estimation").EnumerateObject().Select(p => p.Name));
            Assert.Equal(2, armReport.RootElement.GetProperty("step").GetInt32());
        }
        var shippedFile = JsonSerializer.Serialize(Path.Combine(RepoPaths.Root, "models", "reference", "model.safetensors"));
        Assert.Contains($"\"initFrom\": {shippedFile}", File.ReadAllText(Path.Combine(outDir, "normals", "fine-tuned", "run", "config.json")), StringComparison.Ordinal);
        Assert.DoesNotContain(shippedFile, File.ReadAllText(Path.Combine(outDir, "normals", "from-scratch", "run", "config.json")), StringComparison.Ordinal);

        var without = CliRunner.Run("demo", "--out", outDir, "--force", "--no-reference", "--steps", "2", "--train-clips", "8", "--eval-clips", "1", "--sampler-steps", "1");
        Assert.True(without.ExitCode == 0, without.Stderr + without.Stdout);
        using var runConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "run", "config.json")));
        Assert.Equal(2, runConfig.RootElement.GetProperty("Training").GetProperty("batchSize").GetInt32());   // the demo's own default, no --set
        var second = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("was skipped (--no-reference)", second, StringComparison.Ordinal);
        Assert.Contains("Not shown: skipped: it fine-tunes the shipped model, which was not evaluated here.", second, StringComparison.Ordinal);
        Assert.DoesNotContain("shipped model:", without.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(outDir, "reference")), "the first demo's evaluation of the shipped model must not linger");
        Assert.False(Directory.Exists(Path.Combine(outDir, "normals")), "nor its normals section");
    }

    [Fact]
    public void Demo_refuses_a_folder_it_did_not_write_even_with_force_and_leaves_it_alone()
    {
        using var dir = new TempDir();
        var outDir = dir.File("demo");
        Directory.CreateDirectory(outDir);
        var keep = Path.Combine(outDir, "notes.txt");
        File.WriteAllText(keep, "mine");

        var r = CliRunner.Run("demo", "--out", outDir, "--config", Experiment(dir), "--steps", "2");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("holds no demo this project wrote", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--force", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(keep));

        var forced = CliRunner.Run("demo", "--out", outDir, "--config", Experiment(dir), "--steps", "2", "--force");
        Assert.Equal(1, forced.ExitCode);
        Assert.Equal("mine", File.ReadAllText(keep));
        Assert.Single(Directory.EnumerateFileSystemEntries(outDir));
    }

    [Theory]
    [InlineData("--minutes")] // the budget
    [InlineData("--fps")]     // the synthesised clips' frame rate
    [InlineData("--normals-steps")]
    public void Demo_rejects_a_non_positive_value_naming_the_option(string option)
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("demo", "--out", dir.File("demo"), option, "0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(option, r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("demo")));
    }
}
