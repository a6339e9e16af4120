using TorchSharp;

namespace UnityVideo.Core.Video;

/// <summary>
/// Writes RGB frames <c>[T, H, W, 3]</c> uint8 as a video file through OpenCV: <c>.mp4</c> (MPEG-4 part 2,
/// <c>mp4v</c>) or <c>.avi</c> (Motion JPEG). Like <see cref="IO.AtomicFile"/>, the video goes to a temporary file in
/// the target's folder (its name keeps the extension, which is how OpenCV picks the container), is flushed, then
/// renamed: a failed write leaves no file, or the previous one. GIF and PNG stay with <see cref="FrameWriter"/>.
/// </summary>
public static class VideoFileWriter
{
    /// <summary>The extensions this writer handles, with their codecs.</summary>
    public static IReadOnlyDictionary<string, string> Codecs { get; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [".mp4"] = "mp4v", [".avi"] = "MJPG" };

    /// <summary>Writes <paramref name="frames"/> to <paramref name="path"/> at <paramref name="fps"/>.</summary>
    /// <param name="path">Target <c>.mp4</c> or <c>.avi</c> file; its folder must exist.</param>
    /// <param name="frames">RGB frames <c>[T, H, W, 3]</c> uint8, any device.</param>
    /// <param name="fps">Frames per second, positive.</param>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    /// <exception cref="IOException">OpenCV could not write the file.</exception>
    /// <exception cref="DllNotFoundException">OpenCV's native library cannot be loaded; the message says what to install.</exception>
    public static void Write(string path, torch.Tensor frames, double fps)
    {
        FrameChecks.RequireClip(frames, nameof(frames));
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be positive and finite.");
        var extension = Path.GetExtension(path);
        if (!Codecs.TryGetValue(extension, out var codec))
            throw new ArgumentException($"Cannot write {path}: a video file must end in {string.Join(" or ", Codecs.Keys)}.", nameof(path));
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot write {path}: folder {folder} does not exist.");

        byte[] bgr;
        int t = (int)frames.shape[0], h = (int)frames.shape[1], w = (int)frames.shape[2];
        using (var scope = torch.NewDisposeScope())
            bgr = frames.flip(3).cpu().contiguous().data<byte>().ToArray(); // [T, H, W, 3] in OpenCV's channel order

        var temp = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp{extension}");
        try
        {
            if (!OpenCvNative.Call(() => VideoEncoder.Write(temp, codec, fps, bgr, t, h, w)))
                throw new IOException($"Cannot write {path}: OpenCV has no {codec} writer for {w}x{h} frames.");
            if (!File.Exists(temp) || new FileInfo(temp).Length == 0)
                throw new IOException($"Cannot write {path}: OpenCV produced no {codec} data.");
            using (var fs = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) fs.Flush(flushToDisk: true);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
