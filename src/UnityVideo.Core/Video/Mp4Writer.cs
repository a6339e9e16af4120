using System.Globalization;
using TorchSharp;

namespace UnityVideo.Core.Video;

/// <summary>
/// Writes RGB frames as H.264 MP4 that browsers play (yuv420p, the index at the front for streaming), by piping raw
/// frames to the system's <c>ffmpeg</c> (libx264). Frames can be sent in chunks, so a long video never sits in memory
/// as one tensor. The file is written under a temporary name in the target's folder and renamed when ffmpeg has
/// finished: a failed or abandoned write leaves no file, or the previous one.
/// </summary>
public sealed class Mp4Writer : IDisposable
{
    private readonly FfmpegPipe pipe;
    private readonly string path;
    private readonly string temp;
    private readonly int height;
    private readonly int width;
    private bool completed;

    private Mp4Writer(FfmpegPipe pipe, string path, string temp, int height, int width)
    {
        (this.pipe, this.path, this.temp, this.height, this.width) = (pipe, path, temp, height, width);
    }

    /// <summary>Frames written so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Checks that ffmpeg with H.264 is installed (once per process).</summary>
    /// <exception cref="VideoEncoderException">It is not; the message says what to install.</exception>
    public static void RequireEncoder() => FfmpegPipe.RequireH264();

    /// <summary>Whether ffmpeg with H.264 is installed (probed once per process), for outputs that fall back to GIF without it.</summary>
    public static bool IsAvailable
    {
        get
        {
            try { RequireEncoder(); return true; }
            catch (VideoEncoderException) { return false; }
        }
    }

    /// <summary>Starts an MP4 of <paramref name="width"/> × <paramref name="height"/> frames at <paramref name="fps"/>.</summary>
    /// <param name="path">Target <c>.mp4</c>; its folder must exist.</param>
    /// <param name="height">Frame height (an odd size is padded by one black row).</param>
    /// <param name="width">Frame width (an odd size is padded by one black column).</param>
    /// <param name="fps">Frames per second, positive.</param>
    /// <exception cref="VideoEncoderException">ffmpeg or its H.264 encoder is missing.</exception>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    public static Mp4Writer Open(string path, int height, int width, double fps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be positive and finite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot write {path}: folder {folder} does not exist.");
        RequireEncoder();
        var temp = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp.mp4");
        var rate = fps.ToString("R", CultureInfo.InvariantCulture);
        var pipe = FfmpegPipe.Start(
        [
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-framerate", rate, "-i", "pipe:0",
            // yuv420p halves the chroma resolution, so both sides must be even; pad rather than scale.
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p", "-r", rate,
            "-movflags", "+faststart", "-f", "mp4", temp,
        ]);
        return new Mp4Writer(pipe, full, temp, height, width);
    }

    /// <summary>Writes <paramref name="frames"/> <c>[T, H, W, 3]</c> uint8 as one H.264 MP4 at <paramref name="fps"/>.</summary>
    /// <exception cref="VideoEncoderException">ffmpeg is missing or failed.</exception>
    public static void Write(string path, torch.Tensor frames, double fps)
    {
        FrameChecks.RequireClip(frames, nameof(frames));
        using var writer = Open(path, (int)frames.shape[1], (int)frames.shape[2], fps);
        writer.Append(frames);
        writer.Complete();
    }

    /// <summary>Appends frames <c>[T, H, W, 3]</c> uint8 of the writer's size.</summary>
    /// <exception cref="VideoEncoderException">ffmpeg failed.</exception>
    public void Append(torch.Tensor frames)
    {
        FrameChecks.RequireClip(frames, nameof(frames));
        if (completed) throw new InvalidOperationException("The MP4 is complete.");
        if (frames.shape[1] != height || frames.shape[2] != width)
            throw new ArgumentException($"Frames of {frames.shape[2]}x{frames.shape[1]} do not fit an MP4 of {width}x{height}.", nameof(frames));
        byte[] bytes;
        using (var scope = torch.NewDisposeScope())
            bytes = frames.cpu().contiguous().data<byte>().ToArray(); // [T, H, W, 3]
        pipe.Write(bytes, path);
        Frames += (int)frames.shape[0];
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    /// <exception cref="VideoEncoderException">ffmpeg failed, or no frame was written.</exception>
    public void Complete()
    {
        if (completed) return;
        if (Frames == 0) throw new VideoEncoderException($"Cannot write {path}: no frames.");
        pipe.Complete(path);
        if (!File.Exists(temp) || new FileInfo(temp).Length == 0) throw new VideoEncoderException($"Cannot write {path}: ffmpeg produced no data.");
        using (var fs = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) fs.Flush(flushToDisk: true);
        File.Move(temp, path, overwrite: true);
        completed = true;
    }

    /// <summary>Abandons an unfinished file (nothing is left behind).</summary>
    public void Dispose()
    {
        pipe.Dispose();
        if (File.Exists(temp)) File.Delete(temp);
    }
}
