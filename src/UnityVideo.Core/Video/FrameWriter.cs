using ImageMagick;
using TorchSharp;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Video;

/// <summary>
/// Writes RGB frames as an animated GIF or a PNG. Output goes through <see cref="AtomicFile"/>: a failure leaves
/// no file (or the previous one) behind, never a truncated image.
/// </summary>
public static class FrameWriter
{
    /// <summary>
    /// Writes <paramref name="frames"/> <c>[T, H, W, 3]</c> uint8 as a looping GIF at <paramref name="fps"/>. GIF
    /// counts delays in hundredths of a second, so the rate is rounded to that and capped at 50 fps (most viewers
    /// slow anything faster down to 10 fps). One palette of 256 colours serves all frames, without dithering, so
    /// flat regions stay flat and colours do not flicker between frames.
    /// </summary>
    /// <param name="path">Target file; its folder must exist.</param>
    /// <param name="frames">RGB frames, any device.</param>
    /// <param name="fps">Frames per second, positive.</param>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    public static void WriteGif(string path, torch.Tensor frames, double fps)
    {
        FrameChecks.RequireClip(frames, nameof(frames));
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be positive and finite.");
        RequireFolder(path);
        var (t, h, w, bytes) = Pixels(frames);
        var delay = (uint)Math.Clamp(Math.Round(100.0 / fps), 2, 65535);
        using var collection = new MagickImageCollection();
        var frameBytes = h * w * 3;
        var settings = new PixelReadSettings((uint)w, (uint)h, StorageType.Char, PixelMapping.RGB);
        for (var i = 0; i < t; i++)
        {
            var image = new MagickImage(bytes.AsSpan(i * frameBytes, frameBytes), settings)
            {
                AnimationDelay = delay,
                AnimationIterations = 0, // loop forever
                GifDisposeMethod = GifDisposeMethod.None,
            };
            collection.Add(image);
        }
        collection.Quantize(new QuantizeSettings { Colors = 256, DitherMethod = DitherMethod.No });
        AtomicFile.Write(path, s => collection.Write(s, MagickFormat.Gif));
    }

    /// <summary>Writes one frame <c>[H, W, 3]</c> (or a one-frame clip <c>[1, H, W, 3]</c>) uint8 as a PNG.</summary>
    /// <param name="path">Target file; its folder must exist.</param>
    /// <param name="frame">The image, any device.</param>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    public static void WritePng(string path, torch.Tensor frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var scope = torch.NewDisposeScope();
        var clip = frame.ndim == 3 ? frame.unsqueeze(0) : frame; // [1, H, W, 3]
        FrameChecks.RequireClip(clip, nameof(frame));
        if (clip.shape[0] != 1) throw new ArgumentException($"A PNG holds one frame; got {clip.shape[0]} (pick one with frames[i]).", nameof(frame));
        RequireFolder(path);
        var (_, h, w, bytes) = Pixels(clip);
        using var image = new MagickImage(bytes, new PixelReadSettings((uint)w, (uint)h, StorageType.Char, PixelMapping.RGB));
        AtomicFile.Write(path, s => image.Write(s, MagickFormat.Png));
    }

    private static void RequireFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // AtomicFile would create it; an image going to a mistyped folder should fail instead.
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot write {path}: folder {folder} does not exist.");
    }

    private static (int T, int H, int W, byte[] Bytes) Pixels(torch.Tensor frames)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = frames.cpu().contiguous(); // [T, H, W, 3]
        return ((int)cpu.shape[0], (int)cpu.shape[1], (int)cpu.shape[2], cpu.data<byte>().ToArray());
    }
}
