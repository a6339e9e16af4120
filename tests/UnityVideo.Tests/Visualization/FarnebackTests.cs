using UnityVideo.Tests.Synthetic;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Synthetic;
using Xunit.Abstractions;

namespace UnityVideo.Tests.Visualization;

public sealed class FarnebackTests(ITestOutputHelper output)
{
    [Fact]
    public void Farneback_flow_is_much_closer_to_the_ground_truth_than_zero_flow()
    {
        var annotator = BundledModalities.Annotator("flow", "farneback");
        Assert.Empty(annotator.RequiredBuffers);
        // Clips with clear camera or object motion (mean true flow above 1 px; slower clips are dominated by
        // Farnebäck's sub-pixel noise on the aliased 64² textures). Measured: about half of zero flow's error.
        var world = new SyntheticWorld(new SyntheticOptions { Width = 64, Height = 64, Frames = 4, Seed = 1 });
        double epe = 0, zero = 0;
        var moving = 0;
        for (var i = 0; i < 8; i++)
        {
            var clip = world.Render(i);
            var n = (clip.Frames - 1) * clip.Height * clip.Width; // frames with a successor
            var gt = clip.GroundTruth.Flow;
            double clipZero = 0;
            for (var p = 0; p < n; p++) clipZero += Math.Sqrt(gt[2 * p] * gt[2 * p] + gt[2 * p + 1] * gt[2 * p + 1]);
            if (clipZero / n <= 1.0) continue;

            using var scope = torch.NewDisposeScope();
            var rgb = torch.tensor(clip.Rgb, [clip.Frames, clip.Height, clip.Width, 3]); // [T, H, W, 3]
            var flow = annotator.Annotate(new AnnotationInput { Rgb = rgb, Context = BundledModalities.Context(clip.Frames, clip.Height, clip.Width) });

            Assert.Equal(torch.float16, flow.dtype);
            Assert.Equal(new long[] { clip.Frames, clip.Height, clip.Width, 2 }, flow.shape);
            var est = flow.to(torch.float32).data<float>().ToArray();
            double clipEpe = 0; // end-point error |estimate − truth| per pixel
            for (var p = 0; p < n; p++) clipEpe += Math.Sqrt(Math.Pow(est[2 * p] - gt[2 * p], 2) + Math.Pow(est[2 * p + 1] - gt[2 * p + 1], 2));
            output.WriteLine($"clip {i}: mean EPE farneback {clipEpe / n:F3} px, zero flow {clipZero / n:F3} px");
            epe += clipEpe;
            zero += clipZero;
            moving++;
            // The last frame repeats the flow of the one before it.
            Assert.Equal(flow[clip.Frames - 2].data<Half>().ToArray(), flow[clip.Frames - 1].data<Half>().ToArray());
        }
        Assert.True(moving >= 2, $"expected at least two clearly moving clips, found {moving}");
        Assert.True(epe < 0.7 * zero, $"Farnebäck's total EPE {epe:F0} should be well below zero flow's {zero:F0}");
    }

    [Fact]
    public void A_missing_opencv_native_library_is_explained_with_the_package_and_the_install_command()
    {
        var assembly = BundledModalities.Annotator("flow", "farneback").GetType().Assembly;
        var builder = assembly.GetType("UnityVideo.Plugins.Flow.OpenCvNativeError", throwOnError: true)!;
        var loaderMessage = "Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies.\nlibgtk-3.so.0: cannot open shared object file";
        // What OpenCvSharp's bindings throw: the DllNotFoundException, possibly inside a type initializer.
        var thrown = new TypeInitializationException("OpenCvSharp.Internal.NativeMethods", new DllNotFoundException(loaderMessage));

        var recognised = (bool)builder.GetMethod("IsNativeLoadFailure")!.Invoke(null, [thrown])!;
        var unrelated = (bool)builder.GetMethod("IsNativeLoadFailure")!.Invoke(null, [new InvalidOperationException("bad frame")])!;
        var message = (string)builder.GetMethod("Describe")!.Invoke(null, [thrown])!;

        Assert.True(recognised);
        Assert.False(unrelated);
        Assert.Contains("libgtk-3-0", message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y --no-install-recommends libgtk-3-0", message, StringComparison.Ordinal);
        Assert.Contains("Unable to load shared library 'OpenCvSharpExtern'", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }
}
