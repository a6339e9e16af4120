using Xunit.Abstractions;
using UnityVideo.Core.Backbones.Wan;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// The C# Wan DiT reproduces the official reference (wan/modules/model.py, run by tools/wan_goldens/dit_golden.py on
/// the same random weights and inputs) to 1e-4 in fp32: RoPE over frame/height/width, q/k RMSNorm, modulation,
/// the zero-padded text context and the unpatchify order all have to be right for that.
/// </summary>
public sealed class WanDiTGoldenTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Goldens => [.. WanDiTGolden.Names];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Forward_matches_the_reference_output(string name)
    {
        using var golden = WanDiTGolden.Open(name);
        using var model = golden.LoadModel();
        using var x = golden.Read("input.x");
        using var t = golden.Read("input.t");
        using var context = golden.Read("input.context");
        using var expected = golden.Read("output");
        using var _ = no_grad();

        using var actual = model.forward(x, t, context);

        Assert.Equal(ScalarType.Float32, actual.dtype);
        var err = WanDiTGolden.MaxAbsDiff(actual, expected);
        output.WriteLine($"{name}: max abs error {err:g3} against the reference output");
        Assert.True(err <= Tolerance, $"{name}: max abs error {err:g3} > {Tolerance:g1}");
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Time_and_text_embeddings_match_the_reference(string name)
    {
        using var golden = WanDiTGolden.Open(name);
        using var model = golden.LoadModel();
        using var t = golden.Read("input.t");
        using var context = golden.Read("input.context");
        using var _ = no_grad();

        var (e, e0) = model.EmbedTime(t);
        using (e)
        using (e0)
        using (var refE = golden.Read("debug.time_embedding"))
        using (var refE0 = golden.Read("debug.time_projection"))
        {
            Assert.True(WanDiTGolden.MaxAbsDiff(e, refE) <= Tolerance, "time embedding differs");
            using var flat = e0.flatten(1);
            Assert.True(WanDiTGolden.MaxAbsDiff(flat, refE0) <= Tolerance, "time projection differs");
        }

        using var text = model.EmbedText(context);
        using var refText = golden.Read("debug.text_embedding");
        Assert.Equal(golden.Config.TextLen, text.shape[1]);
        Assert.True(WanDiTGolden.MaxAbsDiff(text, refText) <= Tolerance, "text embedding differs");
    }

    [Fact]
    public void Goldens_record_the_reference_commit_and_command()
    {
        foreach (var name in WanDiTGolden.Names)
        {
            using var golden = WanDiTGolden.Open(name);
            Assert.Matches("^[0-9a-f]{40}$", golden.Metadata["reference_commit"]);
            Assert.Contains("tools/wan_goldens/dit_golden.py", golden.Metadata["command"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reversed_frames_give_a_different_output_so_the_golden_sees_positions()
    {
        // Guards the golden itself: with the frames reversed (and the output reversed back) only the rotary frame
        // positions differ, and the output must move far beyond the tolerance, so the 1e-4 match cannot be luck.
        using var golden = WanDiTGolden.Open("tiny");
        using var model = golden.LoadModel();
        using var x = golden.Read("input.x");
        using var t = golden.Read("input.t");
        using var context = golden.Read("input.context");
        using var expected = golden.Read("output");
        using var _ = no_grad();

        using var swapped = model.forward(x.flip(2).contiguous(), t, context).flip(2);

        Assert.True(WanDiTGolden.MaxAbsDiff(swapped, expected) > 100 * Tolerance);
    }
}
