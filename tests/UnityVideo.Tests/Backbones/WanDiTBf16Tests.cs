using UnityVideo.Core.Backbones.Wan;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// bf16 weights (how the 1.3B is trained and served on a GPU) keep the reference's fp32 islands — time embedding,
/// modulation, norms, RoPE, residual stream, head — so the output stays close to the fp32 golden.
/// </summary>
public sealed class WanDiTBf16Tests(ITestOutputHelper output)
{
    // bf16 keeps 8 mantissa bits (relative step 2^-8 ≈ 0.4 %) and the goldens' outputs reach 3-4, so errors of a
    // few 1e-2 are rounding (measured: 0.017 and 0.018, see docs/decisions.md); the bound leaves ~3× headroom.
    private const double Tolerance = 5e-2;

    [Theory]
    [MemberData(nameof(WanDiTGoldenTests.Goldens), MemberType = typeof(WanDiTGoldenTests))]
    public void Bf16_weights_match_the_fp32_reference_within_bf16_rounding(string name)
    {
        using var golden = WanDiTGolden.Open(name);
        using var model = golden.LoadModel(ScalarType.BFloat16);
        using var x = golden.Read("input.x");
        using var t = golden.Read("input.t");
        using var context = golden.Read("input.context");
        using var expected = golden.Read("output");
        using var _ = no_grad();

        using var actual = model.forward(x, t, context);

        Assert.Equal(ScalarType.Float32, actual.dtype);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        using var scale = expected.abs().max();
        var err = WanDiTGolden.MaxAbsDiff(actual, expected);
        output.WriteLine($"{name}: bf16 max abs error {err:g3} (outputs up to {scale.item<float>():g3})");
        Assert.True(err <= Tolerance, $"{name}: bf16 max abs error {err:g3} > {Tolerance:g1}");
    }
}
