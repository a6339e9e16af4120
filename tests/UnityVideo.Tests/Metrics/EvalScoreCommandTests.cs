using System.Text.Json;
using TorchSharp;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Tests.Cli;
using UnityVideo.Tests.Data;

namespace UnityVideo.Tests.Metrics;

public sealed class EvalScoreCommandTests
{
    /// <summary>A synthetic clip file carrying every modality.</summary>
    private static string WriteClip(TempDir dir)
    {
        var path = dir.File("clip.safetensors");
        ClipFile.Write(path, ClipFixtures.Arrays(0));
        return path;
    }

    /// <summary>A prediction file holding only <paramref name="name"/>.</summary>
    private static string WritePrediction(TempDir dir, string name, torch.Tensor value)
    {
        var path = dir.File($"pred-{name}.safetensors");
        new SafetensorsWriter().Add(name, value).Save(path);
        return path;
    }

    private static Dictionary<string, double> Json(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    [Theory]
    [InlineData("depth", "abs_rel", 0.0, "delta1")]
    [InlineData("flow", "epe", 0.0, "px1")]
    [InlineData("segmentation", "miou", 1.0, "map")]
    [InlineData("skeleton", "pck@0.05", 1.0, "pck@0.1")]
    [InlineData("densepose", "part_miou", 1.0, "part_miou")]
    public void Ground_truth_scored_against_itself_is_perfect(string modality, string metric, double perfect, string other)
    {
        using var dir = new TempDir();
        var clip = WriteClip(dir);

        var scores = Json(CliRunner.Run("eval", "score", "--modality", modality, "--pred", clip, "--gt", clip, "--json"));

        Assert.Equal(perfect, scores[metric], 9);
        Assert.Contains(other, scores.Keys);
    }

    [Fact]
    public void The_clip_used_for_self_scoring_has_something_to_score()
    {
        // Guards the test above: a perfect score on an empty clip would prove nothing.
        using var dir = new TempDir();
        using var clip = ClipFile.Read(WriteClip(dir));

        Assert.True(clip.Modalities["joints"].select(-1, 2).gt(0).sum().item<long>() > 1);
        Assert.True(clip.Modalities["instances"].ne(0).sum().item<long>() > 0);
        Assert.True(clip.Modalities["iuv"].select(-1, 0).ne(0).sum().item<long>() > 0);
        Assert.True(clip.Modalities["depth"].isfinite().sum().item<long>() > 0);
    }

    [Fact]
    public void A_prediction_file_holding_only_the_modality_is_scored_and_align_is_honoured()
    {
        using var dir = new TempDir();
        var clip = WriteClip(dir);
        using var gt = ClipFile.Read(clip);
        var pred = WritePrediction(dir, "depth", (gt.Modalities["depth"] * 2).to(torch.float16)); // exact in float16

        var raw = Json(CliRunner.Run("eval", "score", "--modality", "depth", "--pred", pred, "--gt", clip, "--align", "none", "--json"));
        var aligned = Json(CliRunner.Run("eval", "score", "--modality", "depth", "--pred", pred, "--gt", clip, "--json"));

        Assert.Equal(1, raw["abs_rel"], 9); // |2g − g| / g
        Assert.Equal(0, raw["delta1"]);
        Assert.Equal(0, aligned["abs_rel"], 9);
        Assert.Equal(1, aligned["delta1"]);
    }

    [Fact]
    public void Without_json_a_table_lists_every_metric()
    {
        using var dir = new TempDir();
        var clip = WriteClip(dir);

        var r = CliRunner.Run("eval", "score", "--modality", "flow", "--pred", clip, "--gt", clip);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("epe", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("px3", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("1.0000", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_inputs_exit_1_with_one_line_naming_the_file_or_key()
    {
        using var dir = new TempDir();
        var clip = WriteClip(dir);
        var rgbOnly = WritePrediction(dir, "rgb", torch.zeros([1, 2, 2, 3], torch.uint8));
        var smallDepth = WritePrediction(dir, "depth", torch.ones([1, 2, 2], torch.float16));
        var missing = dir.File("nope.safetensors");

        AssertFails(["--modality", "normals", "--pred", clip, "--gt", clip], "unknown modality 'normals'", "depth, flow");
        AssertFails(["--modality", "depth", "--pred", missing, "--gt", clip], missing, "not found");
        AssertFails(["--modality", "depth", "--pred", rgbOnly, "--gt", clip], rgbOnly, "no tensor named 'depth' (it holds: rgb)");
        AssertFails(["--modality", "depth", "--pred", smallDepth, "--gt", clip], smallDepth, clip, "[1, 2, 2]");
        AssertFails(["--modality", "depth", "--pred", clip, "--gt", clip, "--align", "foo"], "'foo'", "none, scale, scale-shift");
    }

    private static void AssertFails(string[] args, params string[] expected)
    {
        var r = CliRunner.Run(["eval", "score", .. args]);

        Assert.Equal(1, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Stderr);
        foreach (var e in expected) Assert.Contains(e, lines[0], StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }
}
