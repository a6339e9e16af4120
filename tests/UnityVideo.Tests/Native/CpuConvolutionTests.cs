using UnityVideo.Core.Native;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Native;

public sealed class CpuConvolutionTests
{
    // The reference: float64, whose CPU convolution takes another code path than fp32's.
    private static double Error(Tensor got, Tensor want) => ((got - want).abs().max() / want.abs().max()).to(float64).item<double>();

    [Theory]
    [InlineData(16)]
    [InlineData(18)] // a pixel decoder's input: 2 × 1 depth channel + 8 head features + 8 RGB and noise-level planes
    [InlineData(24)]
    [InlineData(33)]
    public void A_2d_convolution_of_a_batch_computes_what_the_float64_one_does_for_any_channel_count(int channels)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3, CPU);
        var x = randn([4, channels, 16, 16], generator: g);
        var w = randn([8, channels, 3, 3], generator: g) * 0.1;
        var b = randn([8], generator: g);
        var want = nn.functional.conv2d(x.to(float64), w.to(float64), b.to(float64), padding: [1, 1]);
        var got = nn.functional.conv2d(CpuConvolution.Input(x), w, b, padding: [1, 1]);
        Assert.Equal(x.shape, CpuConvolution.Input(x).shape);
        Assert.True(Error(got, want) < 1e-5, $"{channels} channels: relative error {Error(got, want)}");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(20)]
    public void A_3d_convolution_of_a_batch_computes_what_the_float64_one_does_for_any_channel_count(int channels)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(4, CPU);
        var x = randn([2, channels, 4, 8, 8], generator: g);
        var w = randn([8, channels, 3, 3, 3], generator: g) * 0.1;
        var b = randn([8], generator: g);
        var want = nn.functional.conv3d(x.to(float64), w.to(float64), b.to(float64), padding: [1, 1, 1]);
        var got = nn.functional.conv3d(CpuConvolution.Input(x), w, b, padding: [1, 1, 1]);
        Assert.True(Error(got, want) < 1e-5, $"{channels} channels: relative error {Error(got, want)}");
    }
}
