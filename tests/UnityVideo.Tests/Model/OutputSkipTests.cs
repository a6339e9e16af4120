using TorchSharp;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Model;

public sealed class OutputSkipTests
{
    [Theory]
    [InlineData(0.5, 0.1)]
    [InlineData(0.5, 0.5)]
    [InlineData(0.5, 0.9)]
    [InlineData(0.2, 0.7)]
    [InlineData(1.0, 0.3)]
    public void The_skip_is_the_least_squares_velocity_guess_and_the_output_scale_its_error(double sigma, double time)
    {
        // Fit v ≈ a·x_t by least squares on samples of x₀ ~ N(0, σ²), ε ~ N(0, 1): a must be c_skip(t) and the
        // residual's standard deviation c_out(t). Otherwise the head is left a larger, noise-shaped residual to learn.
        using var scope = NewDisposeScope();
        using var g = new Generator(7, CPU);
        var x0 = randn(400_000, dtype: float64, generator: g) * sigma;
        var eps = randn(400_000, dtype: float64, generator: g);
        var xt = (1 - time) * x0 + time * eps;
        var v = eps - x0;
        var a = ((v * xt).sum() / (xt * xt).sum()).item<double>();
        var residual = (v - a * xt).std().item<double>();

        var (skip, output) = OutputSkip.Coefficients(tensor(time, float64), sigma);
        Assert.Equal(a, skip.item<double>(), 2);
        Assert.Equal(residual, output.item<double>(), 2);
    }

    [Fact]
    public void Clean_and_pure_noise_streams_get_the_exact_limits()
    {
        using var scope = NewDisposeScope();
        // t = 1: x_t is the noise and v = ε − x₀, so the guess is x_t itself, off by the data (σ).
        // t = 0: x_t is the data and v = ε − x₀, so the guess is −x_t, off by the unseen noise (1).
        var (skip, output) = OutputSkip.Coefficients(tensor(new[] { 1.0, 0.0 }), 0.4);
        Assert.Equal(1.0, skip[0].item<double>(), 12);
        Assert.Equal(-1.0, skip[1].item<double>(), 12);
        Assert.Equal(0.4, output[0].item<double>(), 12);
        Assert.Equal(1.0, output[1].item<double>(), 12);
    }
}
