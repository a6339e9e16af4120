using System.Text.Json;

namespace UnityVideo.Tests.Cli;

public sealed class ModelCommandTests
{
    [Fact]
    public void Model_summary_json_counts_the_tiny_preset_for_every_enabled_modality()
    {
        var r = CliRunner.Run("model", "summary", "--json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        var streams = root.GetProperty("streams").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal("rgb", streams[0]);
        Assert.Equal(["densepose", "depth", "flow", "segmentation", "skeleton"], streams.Skip(1).Order(StringComparer.Ordinal));
        var rows = root.GetProperty("components").EnumerateArray().ToDictionary(e => e.GetProperty("component").GetString()!, e => e.GetProperty("parameters").GetInt64());
        Assert.Equal(root.GetProperty("total").GetInt64(), rows.Values.Sum());
        // One switcher slot of width HiddenSize (128) per stream; patch embeds are (4·P²·2C + 1)·D per stream (tokens
        // of 4 frames, each read with its next) with channels rgb 3, densepose 3, depth 1, flow 2, segmentation 3,
        // skeleton 3 (patch 4), plus the RGB's 5 motion-energy channels per frame and the aligned-fusion layer (D·D + D).
        Assert.Equal(4, root.GetProperty("config").GetProperty("temporalPatch").GetInt32());
        Assert.Equal(6L * 128, rows["switcher"]);
        Assert.Equal((4L * 16 * (2 * (3 + 3 + 1 + 2 + 3 + 3) + 5) + 6) * 128 + (128 + 1) * 128, rows["patch embeds"]);
        Assert.InRange(root.GetProperty("total").GetInt64(), 2_000_000, 3_000_000);
        Assert.Equal(128, root.GetProperty("config").GetProperty("textDim").GetInt32());
    }

    [Fact]
    public void Model_summary_follows_the_preset_option_and_the_enabled_modalities()
    {
        var r = CliRunner.Run("model", "summary", "--preset", "small", "--set", "Modalities:Enabled:0=depth");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("preset 'small': 12 blocks of width 384, 8 frames of 64x64, patch 4 (2048 tokens a stream)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("streams: rgb, depth", r.Stdout, StringComparison.Ordinal);
        // Switcher: two slots of 384.
        Assert.Matches(@"switcher\s+768\n", r.Stdout.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Model_summary_says_how_many_frames_a_token_covers()
    {
        var tiny = CliRunner.Run("model", "summary");
        var two = CliRunner.Run("model", "summary", "--set", "Model:TemporalPatch=2");

        Assert.Equal(0, tiny.ExitCode);
        Assert.Equal(0, two.ExitCode);
        // 8 frames of 32², 4×4-pixel patches: 64 a frame, over 4 frames (the tiny preset) or 2.
        Assert.Contains("patch 4 over 4 frames (128 tokens a stream)", tiny.Stdout, StringComparison.Ordinal);
        Assert.Contains("patch 4 over 2 frames (256 tokens a stream)", two.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_summary_with_an_unknown_preset_names_it()
    {
        var r = CliRunner.Run("model", "summary", "--preset", "huge");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Model:Preset: unknown preset 'huge'", r.Stderr, StringComparison.Ordinal);
    }
}
