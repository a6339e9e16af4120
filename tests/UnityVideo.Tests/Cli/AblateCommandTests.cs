using System.Text.Json;

namespace UnityVideo.Tests.Cli;

public sealed class AblateCommandTests
{
    /// <summary>
    /// A ~50 k-parameter model at 4 frames of 16² and a study small enough to run in seconds, with a user-defined
    /// table of two arms (the way a user adds an ablation in an experiment file).
    /// </summary>
    private static string Experiment(TempDir dir, string extraArmSet = "")
    {
        var path = dir.File("exp.json");
        File.WriteAllText(path, $$"""
            {
              "Model": {
                "Preset": "test",
                "Presets": { "test": { "HiddenSize": 32, "Depth": 1, "Heads": 2, "MlpRatio": 2, "PatchSize": 4, "Frames": 4, "Height": 16, "Width": 16,
                                       "TextDim": 16, "TextLayers": 1, "TextHeads": 2, "MaxPromptTokens": 8, "TextBuckets": 128 } }
              },
              "Training": { "BatchSize": 2, "WarmupSteps": 1 },
              "Ablation": {
                "Steps": 3, "Seeds": 2, "TrainClips": 8, "TestClips": 2, "GeneratedClips": 1, "SamplerSteps": 2, "Fps": 6,
                "Set": [ "Training:LearningRate=0.002" ],
                "Tables": {
                  "mine": {
                    "Title": "Depth with and without the switcher",
                    "Set": [ "Modalities:Enabled:0=depth" ],
                    "Arms": [
                      { "Name": "no switcher", "Set": [ "Model:ModalitySwitcher=false"{{extraArmSet}} ] },
                      { "Name": "switcher", "Set": [] }
                    ]
                  },
                  "mixed": {
                    "Set": [ "Modalities:Enabled:0=depth" ],
                    "Arms": [ { "Name": "rgb only", "Set": [ "Modalities:Enabled:0=rgb" ] }, { "Name": "depth", "Set": [] } ]
                  }
                }
              }
            }
            """);
        return path;
    }

    [Fact]
    public void A_table_from_the_experiment_file_trains_every_arm_per_seed_and_writes_mean_and_spread()
    {
        using var dir = new TempDir();
        var outDir = dir.File("study");

        var r = CliRunner.Run("ablate", "--table", "mine", "--config", Experiment(dir), "--out", outDir);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "table-mine", "table.json")));
        var arms = json.RootElement.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["no switcher", "switcher"], arms.Select(a => a.GetProperty("arm").GetString()));
        foreach (var arm in arms)
        {
            // Two seeds each, two distinct runs, and the spread is the sample standard deviation of the two values.
            Assert.Equal(2, arm.GetProperty("runs").GetArrayLength());
            var loss = arm.GetProperty("metrics").GetProperty("rgb.loss");
            var values = loss.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(2, values.Length);
            Assert.Equal((values[0] + values[1]) / 2, loss.GetProperty("mean").GetDouble(), 9);
            Assert.Equal(Math.Abs(values[0] - values[1]) / Math.Sqrt(2), loss.GetProperty("std").GetDouble(), 9);
            Assert.True(arm.GetProperty("metrics").TryGetProperty("depth.abs_rel", out _), "estimation of the enabled modality is measured");
            Assert.False(arm.GetProperty("metrics").TryGetProperty("flow.epe", out _), "flow is not enabled in this table");
        }
        Assert.Equal(4, Directory.GetDirectories(Path.Combine(outDir, "runs")).Length);   // 2 arms × 2 seeds, distinct configurations
        // The trivial predictions are scored on the same clips, so the table shows whether an arm beats them.
        var trivial = json.RootElement.GetProperty("references").GetProperty("trivial prediction (constant depth, zero flow)");
        Assert.True(trivial.GetProperty("depth.abs_rel").GetDouble() > 0);

        // The architecture switch reached the trained model: the two arms' stored configurations differ in it.
        var configs = Directory.GetDirectories(Path.Combine(outDir, "runs"))
            .Select(d => File.ReadAllText(Path.Combine(d, "run", "config.json"))).ToList();
        Assert.Equal(2, configs.Count(c => c.Contains("\"modalitySwitcher\": false", StringComparison.Ordinal)));

        var md = File.ReadAllText(Path.Combine(outDir, "table-mine", "table.md"));
        Assert.Contains("# Depth with and without the switcher", md, StringComparison.Ordinal);
        Assert.Contains("| no switcher |", md, StringComparison.Ordinal);
        Assert.Contains(" ± ", md, StringComparison.Ordinal);

        // Every arm trained and was measured on clips at the study's frame rate.
        var manifests = Directory.GetFiles(Path.Combine(outDir, "data"), "manifest.jsonl", SearchOption.AllDirectories);
        Assert.Contains(manifests, m => Path.GetFileName(Path.GetDirectoryName(m))!.StartsWith("train-16x16x4-6fps-", StringComparison.Ordinal));
        Assert.Contains(manifests, m => Path.GetFileName(Path.GetDirectoryName(m))!.StartsWith("test-16x16x4-6fps-", StringComparison.Ordinal));
        foreach (var line in manifests.SelectMany(File.ReadAllLines).Where(l => l.Length > 0))
            Assert.Equal(6, JsonDocument.Parse(line).RootElement.GetProperty("fps").GetDouble());

        // A rerun reuses the finished runs instead of training them again.
        var stamp = Directory.GetFiles(Path.Combine(outDir, "runs"), "model.safetensors", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var again = CliRunner.Run("ablate", "--table", "mine", "--config", Experiment(dir), "--out", outDir);
        Assert.True(again.ExitCode == 0, again.Stderr + again.Stdout);
        Assert.Equal(4, again.Stdout.Split('\n').Count(l => l.Contains("measured before", StringComparison.Ordinal)));
        foreach (var (file, time) in stamp) Assert.Equal(time, File.GetLastWriteTimeUtc(file));

        // Other training clips (another frame rate) are another study: nothing is reused, and the first runs stay.
        var other = CliRunner.Run("ablate", "--table", "mine", "--config", Experiment(dir), "--out", outDir, "--set", "Ablation:Fps=5");
        Assert.True(other.ExitCode == 0, other.Stderr + other.Stdout);
        Assert.DoesNotContain("measured before", other.Stdout, StringComparison.Ordinal);
        Assert.Equal(8, Directory.GetDirectories(Path.Combine(outDir, "runs")).Length);
        foreach (var (file, time) in stamp) Assert.Equal(time, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public void A_curve_measures_every_arms_checkpoints_and_plots_the_metrics_against_the_step()
    {
        using var dir = new TempDir();
        var outDir = dir.File("study");

        // The first arm trains RGB alone, the second depth too: the curves cover every arm's metrics.
        var r = CliRunner.Run("ablate", "--table", "mixed", "--config", Experiment(dir), "--out", outDir, "--steps", "4", "--curve-every", "2");

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var table = Path.Combine(outDir, "table-mixed");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(table, "table.json")));
        var curve = json.RootElement.GetProperty("curve");
        foreach (var arm in json.RootElement.GetProperty("arms").EnumerateArray())
        {
            var name = arm.GetProperty("arm").GetString()!;
            var metrics = name == "depth" ? new[] { "rgb.loss", "depth.abs_rel", "depth.other_clip_abs_rel" } : ["rgb.loss"];
            foreach (var metric in metrics)
            {
                // Steps 2 and 4 over both seeds; the last point is the arm's final model, the first an earlier checkpoint.
                var points = curve.GetProperty(metric).GetProperty(name).EnumerateArray().ToList();
                Assert.Equal([2, 4], points.Select(p => p.GetProperty("step").GetInt32()));
                Assert.All(points, p => Assert.Equal(2, p.GetProperty("values").GetArrayLength()));
                Assert.Equal(arm.GetProperty("metrics").GetProperty(metric).GetProperty("mean").GetDouble(), points[1].GetProperty("mean").GetDouble(), 9);
                Assert.NotEqual(points[0].GetProperty("mean").GetDouble(), points[1].GetProperty("mean").GetDouble());
            }
        }
        Assert.False(curve.GetProperty("depth.abs_rel").TryGetProperty("rgb only", out _), "the RGB-only arm estimates no depth");
        foreach (var plot in new[] { "curve-rgb-loss.png", "curve-depth-abs_rel.png" })
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(table, plot))[..4]);
        var md = File.ReadAllText(Path.Combine(table, "table.md"));
        Assert.Contains("## Against the training step", md, StringComparison.Ordinal);
        Assert.Contains("![depth.abs_rel](curve-depth-abs_rel.png)", md, StringComparison.Ordinal);

        // An interval that leaves no earlier checkpoint is refused before anything is trained.
        var bad = CliRunner.Run("ablate", "--table", "mine", "--config", Experiment(dir), "--out", dir.File("other"), "--steps", "4", "--curve-every", "4");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--curve-every", bad.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("other")));
    }

    [Fact]
    public void An_unknown_table_is_an_error_listing_the_tables()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("ablate", "--table", "9", "--config", Experiment(dir), "--out", dir.File("study"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Ablation:Tables has no table '9'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("mine", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("zero-shot", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("study")));
    }

    [Fact]
    public void A_bad_key_in_an_arm_is_an_error_naming_the_key_and_the_arm()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("ablate", "--table", "mine", "--config", Experiment(dir, extraArmSet: ", \"Training:Stepz=4\""), "--out", dir.File("study"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Training:Stepz", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("arm 'no switcher'", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(dir.File("study")));
    }

    [Theory]
    [InlineData("Ablation:Fps=0")]
    [InlineData("Ablation:Steps=0")]
    public void A_bad_study_setting_is_an_error_naming_the_key_before_anything_is_written(string setting)
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("ablate", "--table", "mine", "--config", Experiment(dir), "--out", dir.File("study"), "--set", setting);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(setting.Split('=')[0], r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("study")));
    }

    [Fact]
    public void A_folder_holding_something_else_is_refused()
    {
        using var dir = new TempDir();
        var outDir = dir.File("study");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");

        var r = CliRunner.Run("ablate", "--table", "mine", "--config", Experiment(dir), "--out", outDir);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("holds no ablation study this project wrote", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--force", r.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFileSystemEntries(outDir));
    }

    [Fact]
    public void Table_or_probe_is_required_and_the_probe_name_is_checked()
    {
        Assert.Equal(1, CliRunner.Run("ablate").ExitCode);
        var r = CliRunner.Run("ablate", "--probe", "few-shot");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("zero-shot", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_zero_shot_probe_scores_quadrupeds_and_the_held_out_class_against_a_trivial_prediction()
    {
        using var dir = new TempDir();
        var outDir = dir.File("study");

        var r = CliRunner.Run("ablate", "--probe", "zero-shot", "--config", Experiment(dir), "--out", outDir, "--seeds", "1", "--steps", "2",
            "--set", "Ablation:TestClips=6");

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "table-zero-shot", "table.json")));
        var arms = json.RootElement.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(2, arms.Count);
        Assert.False(arms[0].GetProperty("animals").GetBoolean());   // the zero-shot arm never saw a quadruped
        Assert.True(arms[1].GetProperty("animals").GetBoolean());
        var trivial = json.RootElement.GetProperty("references").EnumerateObject().Single().Value;
        // Predicting no skeleton finds no keypoint; predicting background finds no box.
        Assert.Equal(0, trivial.GetProperty("quadruped-skeleton.pck@0.1").GetDouble());
        Assert.Equal(0, trivial.GetProperty("heldout-segmentation.miou").GetDouble());
        foreach (var arm in arms)
        {
            var metrics = arm.GetProperty("metrics");
            Assert.True(metrics.TryGetProperty("quadruped-skeleton.pck@0.1", out _));
            Assert.True(metrics.TryGetProperty("heldout-segmentation.miou", out _));
        }
        // The zero-shot arm's run records that its training prompts never name the held-out class.
        var zeroShotRun = Directory.GetDirectories(Path.Combine(outDir, "runs")).Single(d => !d.EndsWith("-animals", StringComparison.Ordinal));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(zeroShotRun, "run", "config.json")));
        var heldOut = config.RootElement.GetProperty("Plugins").GetProperty("settings").GetProperty("Segmentation").GetProperty("HeldOutClasses");
        Assert.Equal("box", heldOut.GetProperty("0").GetString());
        Assert.Contains(Directory.GetDirectories(Path.Combine(outDir, "data")), d => d.EndsWith("-animals", StringComparison.Ordinal));
    }
}
