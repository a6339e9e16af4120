using TorchSharp;

namespace UnityVideo.Tests.VideoFiles; // not ".Video": tests elsewhere name a member Video

/// <summary>Test videos whose frames say which source frame they are: frame i is one solid colour of a palette.</summary>
internal static class VideoFixtures
{
    /// <summary>Colour of source frame i: each channel 0, 127 or 254, so 27 frames are told apart even after lossy coding.</summary>
    public static (int R, int G, int B) ColourOf(int i) => (i % 3 * 127, i / 3 % 3 * 127, i / 9 % 3 * 127);

    /// <summary>Frames 0 … count − 1 of <see cref="ColourOf"/>, <c>[T, H, W, 3]</c> uint8.</summary>
    public static torch.Tensor IndexedFrames(int count, int height, int width)
    {
        var bytes = new byte[count * height * width * 3];
        for (var i = 0; i < count; i++)
        {
            var (r, g, b) = ColourOf(i);
            for (var p = 0; p < height * width; p++)
            {
                var o = (i * height * width + p) * 3;
                (bytes[o], bytes[o + 1], bytes[o + 2]) = ((byte)r, (byte)g, (byte)b);
            }
        }
        return torch.tensor(bytes, [count, height, width, 3]);
    }

    /// <summary>Which source frame each frame of <paramref name="clip"/> shows: the palette entry nearest its mean colour.</summary>
    public static int[] SourceFrames(torch.Tensor clip)
    {
        using var scope = torch.NewDisposeScope();
        var mean = clip.to(torch.float32).mean([1, 2]).data<float>().ToArray(); // [T, 3]
        var result = new int[clip.shape[0]];
        for (var t = 0; t < result.Length; t++)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 27; i++)
            {
                var (r, g, b) = ColourOf(i);
                var d = Math.Pow(mean[3 * t] - r, 2) + Math.Pow(mean[3 * t + 1] - g, 2) + Math.Pow(mean[3 * t + 2] - b, 2);
                if (d < best) (best, result[t]) = (d, i);
            }
            Assert.True(best < 30 * 30, $"frame {t} (mean {mean[3 * t]:F0}, {mean[3 * t + 1]:F0}, {mean[3 * t + 2]:F0}) is near no palette colour");
        }
        return result;
    }

    /// <summary>Writes <paramref name="count"/> indexed frames at <paramref name="fps"/> to <paramref name="path"/> (.mp4 or .avi).</summary>
    public static string Write(string path, int count, double fps, int height = 24, int width = 32)
    {
        using var frames = IndexedFrames(count, height, width);
        UnityVideo.Core.Video.VideoFileWriter.Write(path, frames, fps);
        return path;
    }
}
