using System.Buffers.Binary;
using TorchSharp;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Video;

/// <summary>
/// Writes a single-channel float clip <c>[T, H, W]</c> as one 16-bit greyscale PNG per frame
/// (<c>frame-00000.png</c>, …), the form depth tools read: pixel = round(value × <paramref name="scale"/>), clamped to
/// 0…65535 (non-finite values become 0). Encoded by the system's <c>ffmpeg</c>; the frames go to a hidden sibling
/// folder that is renamed into place when every frame is written.
/// </summary>
public static class Png16Writer
{
    /// <summary>Writes the frames into <paramref name="folder"/> (created; it must not exist unless <paramref name="replace"/>).</summary>
    /// <param name="folder">Target folder; its parent must exist.</param>
    /// <param name="values">Values <c>[T, H, W]</c>, any float dtype and device.</param>
    /// <param name="scale">Pixel units per value unit (1000: millimetres from metres).</param>
    /// <param name="replace">Replace an existing folder of frames.</param>
    /// <exception cref="VideoEncoderException">ffmpeg is missing or failed.</exception>
    public static void Write(string folder, torch.Tensor values, double scale, bool replace)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.ndim != 3 || !values.is_floating_point())
            throw new ArgumentException($"16-bit PNG frames need float [T, H, W]; got {values.dtype} [{string.Join(", ", values.shape)}].", nameof(values));
        var full = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent)) throw new DirectoryNotFoundException($"Cannot write {folder}: folder {parent} does not exist.");
        if (Directory.Exists(full) && !replace) throw new IOException($"'{folder}' exists.");
        int t = (int)values.shape[0], h = (int)values.shape[1], w = (int)values.shape[2];
        var temp = Path.Combine(parent, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            FfmpegPipe.RequireH264();
            using (var pipe = FfmpegPipe.Start(
                   [
                       "-f", "rawvideo", "-pix_fmt", "gray16le", "-s", $"{w}x{h}", "-i", "pipe:0",
                       "-c:v", "png", "-pix_fmt", "gray16be", "-start_number", "0", "-f", "image2", Path.Combine(temp, "frame-%05d.png"),
                   ]))
            {
                // One frame at a time, so a long video at its native size never exists as one 64-bit copy.
                var bytes = new byte[h * w * 2];
                for (var i = 0; i < t; i++)
                {
                    using (var scope = torch.NewDisposeScope())
                    {
                        var v = values[i].to(torch.float64).cpu().nan_to_num(0, 0, 0).mul(scale).round().clamp(0, 65535).to(torch.int32); // [H, W]
                        var pixels = v.data<int>().ToArray();
                        for (var k = 0; k < pixels.Length; k++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * k), (ushort)pixels[k]); // ffmpeg's gray16le
                    }
                    pipe.Write(bytes, folder);
                }
                pipe.Complete(folder);
            }
            if (Directory.GetFiles(temp, "frame-*.png").Length != t)
                throw new VideoEncoderException($"Cannot write {folder}: ffmpeg wrote {Directory.GetFiles(temp).Length} of {t} frames.");
            if (Directory.Exists(full)) FolderSwap.DeleteTree(full);
            Directory.Move(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp)) FolderSwap.DeleteTree(temp);
        }
    }
}
