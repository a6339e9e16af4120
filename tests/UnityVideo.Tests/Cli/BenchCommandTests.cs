using System.Text.Json;

namespace UnityVideo.Tests.Cli;

/// <summary>`unityvideo bench`: the documented JSON fields and their relations, and bad arguments. No test asserts speed.</summary>
public sealed class BenchCommandTests
{
    // The tiny preset shrunk to 2 frames of 16² (16 tokens per frame at patch 4, one frame a token) and one torch
    // thread, so each benchmark takes seconds even while the machine is busy.
    private static readonly string[] Small =
    [
        "--preset", "tiny", "--set", "Model:Presets:tiny:Frames=2", "--set", "Model:Presets:tiny:Height=16", "--set", "Model:Presets:tiny:Width=16",
        "--set", "Model:Presets:tiny:TemporalPatch=1", "--set", "Runtime:Threads=1",
    ];

    private static JsonElement Json(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.Clone();
    }

    private static double Positive(JsonElement root, string field)
    {
        Assert.True(root.TryGetProperty(field, out var e), $"missing field '{field}' in {root}");
        var x = e.GetDouble();
        Assert.True(double.IsFinite(x) && x > 0, $"{field} = {x}");
        return x;
    }

    private static void Near(double expected, double actual, double relative = 0.01) =>
        Assert.InRange(actual, expected * (1 - relative), expected * (1 + relative));

    [Fact]
    public void Bench_train_json_reports_throughput_and_mfu_is_gflops_over_the_measured_matmul()
    {
        var root = Json(CliRunner.Run(["bench", "train", "--json", "--batch", "2", "--steps", "2", .. Small]));

        Assert.Equal("train", root.GetProperty("kind").GetString());
        Assert.Equal("tiny", root.GetProperty("preset").GetString());
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal("depth", root.GetProperty("modality").GetString());
        Assert.Equal(2, root.GetProperty("batch").GetInt32());
        Assert.Equal(2, root.GetProperty("repeats").GetInt32());
        // 2 clips × 2 streams (rgb, depth) × 2 frames × (16/4)² patches.
        Assert.Equal(2 * 2 * 2 * 16, root.GetProperty("tokens_per_step").GetInt64());

        var ms = Positive(root, "ms_per_step");
        var gflops = Positive(root, "gflops");
        var matmul = Positive(root, "matmul_gflops");
        Positive(root, "peak_rss_mb");
        Assert.True(Positive(root, "ms_per_step_min") <= ms);
        Near(128 / (ms / 1000), Positive(root, "tokens_per_s"));
        Near(Positive(root, "gflop_per_step") / (ms / 1000), gflops);
        Near(gflops / matmul, Positive(root, "mfu"));
    }

    [Fact]
    public void Bench_synth_json_reports_clips_per_second_at_both_sizes()
    {
        var root = Json(CliRunner.Run("bench", "synth", "--json", "--batch", "1", "--steps", "1", "--set", "Runtime:Threads=1"));

        Assert.Equal("synth", root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.Equal(1, root.GetProperty("clips_64x8").GetInt32());
        Assert.Equal(1, root.GetProperty("clips_256x16").GetInt32());
        Positive(root, "clips_per_s_64x8");
        Positive(root, "clips_per_s_256x16");
        Positive(root, "peak_rss_mb");
    }

    [Fact]
    public void Bench_sample_json_reports_seconds_per_clip_for_joint_generation_and_estimation()
    {
        var root = Json(CliRunner.Run(["bench", "sample", "--json", "--steps", "1", .. Small]));

        Assert.Equal("sample", root.GetProperty("kind").GetString());
        Assert.Equal("2x16x16", root.GetProperty("clip").GetString());
        Assert.Equal("euler", root.GetProperty("sampler").GetString());
        Assert.Equal(1, root.GetProperty("batch").GetInt32());
        foreach (var field in new[] { "s_per_clip_10", "s_per_clip_20", "estimation_s_per_clip_10", "estimation_s_per_clip_20", "peak_rss_mb" })
            Positive(root, field);
    }

    [Fact]
    public void Bench_without_json_lists_the_same_fields()
    {
        var r = CliRunner.Run("bench", "synth", "--batch", "1", "--steps", "1", "--set", "Runtime:Threads=1");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"(?m)^clips_per_s_64x8\s+\d", r.Stdout);
        Assert.Matches(@"(?m)^peak_rss_mb\s+\d", r.Stdout);
    }

    [Theory]
    [InlineData("error: unknown benchmark 'infer'; choose one of: train, sample, synth.", "bench", "infer")]
    [InlineData("error: --steps must be at least 1 (got 0).", "bench", "train", "--steps", "0")]
    [InlineData("error: --batch must be at least 1 (got -2).", "bench", "synth", "--batch", "-2")]
    public void Bench_with_bad_arguments_exits_1_with_one_clear_error(string expected, params string[] args)
    {
        var r = CliRunner.Run(args);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(expected, r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Bench_with_an_unknown_preset_names_the_key()
    {
        var r = CliRunner.Run("bench", "train", "--preset", "huge");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Model:Preset: unknown preset 'huge'", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }
}
