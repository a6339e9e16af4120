using System.Runtime.InteropServices;
using OpenCvSharp;

namespace UnityVideo.Core.Video;

/// <summary>
/// The OpenCV side of <see cref="VideoReader"/>: a sequential decoder that fits each kept frame to the output size
/// and hands it back as RGB bytes. Kept in its own type so nothing touches OpenCV's native library until a video is
/// actually opened.
/// </summary>
internal sealed class VideoDecoder : IDisposable
{
    private readonly VideoCapture capture;
    private readonly Mat frame = new();
    private readonly Mat resized = new();
    private readonly Mat rgb = new();

    private VideoDecoder(VideoCapture capture, VideoInfo info)
    {
        this.capture = capture;
        Info = info;
    }

    /// <summary>The source's rate, frame count (as the container reports it; 0 when it does not) and size.</summary>
    public VideoInfo Info { get; }

    /// <summary>Opens <paramref name="path"/> with FFmpeg.</summary>
    /// <exception cref="VideoFormatException">Missing, empty, not a video, or without a frame rate or size.</exception>
    /// <exception cref="DllNotFoundException">OpenCV's native library cannot be loaded; the message says what to install.</exception>
    public static VideoDecoder Open(string path)
    {
        if (Directory.Exists(path)) throw new VideoFormatException(path, "is a folder, not a video file");
        if (!File.Exists(path)) throw new VideoFormatException(path, "does not exist");
        if (new FileInfo(path).Length == 0) throw new VideoFormatException(path, "is empty (0 bytes)");
        // FFmpeg explicitly: the image-sequence backend would read a '%d' in a file name as a pattern.
        var capture = OpenCvNative.Call(() => new VideoCapture(path, VideoCaptureAPIs.FFMPEG));
        try
        {
            if (!capture.IsOpened()) throw new VideoFormatException(path, "cannot be opened as a video (corrupt, or a format FFmpeg does not read)");
            var fps = capture.Get(VideoCaptureProperties.Fps);
            var count = capture.Get(VideoCaptureProperties.FrameCount);
            int w = capture.FrameWidth, h = capture.FrameHeight;
            if (w <= 0 || h <= 0) throw new VideoFormatException(path, "has no video stream with a frame size");
            if (!(fps > 0) || double.IsInfinity(fps) || fps > 1000) throw new VideoFormatException(path, $"reports no usable frame rate ({fps})");
            var frames = count is > 0 and < int.MaxValue ? (int)count : 0;
            return new VideoDecoder(capture, new VideoInfo(path, fps, frames, w, h));
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Advances one frame without converting it; false at the end of the stream.</summary>
    /// <exception cref="VideoFormatException">OpenCV failed on the stream.</exception>
    public bool Skip() => Guard(capture.Grab);

    /// <summary>Decodes the next frame, fits it to <paramref name="height"/> × <paramref name="width"/> and returns it as RGB <c>[H, W, 3]</c>; null at the end.</summary>
    /// <exception cref="VideoFormatException">The frame cannot be decoded or converted.</exception>
    public byte[]? Read(int height, int width) => Guard(() => Fit(height, width));

    // An OpenCV failure inside a stream is the file's problem: report it as such, naming the file.
    private T Guard<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (OpenCVException e)
        {
            throw new VideoFormatException(Info.Path, $"cannot be decoded ({e.Message.Split('\n', 2)[0].Trim()})", e);
        }
    }

    private byte[]? Fit(int height, int width)
    {
        if (!capture.Read(frame) || frame.Empty()) return null;
        if (frame.Type() != MatType.CV_8UC3) throw new VideoFormatException(Info.Path, $"decoded a frame of type {frame.Type()}; expected 8-bit colour");
        var fit = FrameFit.Cover(frame.Rows, frame.Cols, height, width);
        var source = frame;
        if (fit.ResizedHeight != frame.Rows || fit.ResizedWidth != frame.Cols)
        {
            Cv2.Resize(frame, resized, new Size(fit.ResizedWidth, fit.ResizedHeight), 0, 0,
                fit.Shrinks ? InterpolationFlags.Area : InterpolationFlags.Linear);
            source = resized;
        }
        using (var crop = new Mat(source, new Rect(fit.Left, fit.Top, width, height)))
            Cv2.CvtColor(crop, rgb, ColorConversionCodes.BGR2RGB); // a fresh, continuous [H, W, 3]
        var bytes = new byte[height * width * 3];
        Marshal.Copy(rgb.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>Frames left in the stream, counted by decoding (for containers that do not store a count).</summary>
    public int CountRemaining()
    {
        var n = 0;
        while (Skip()) n++;
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        rgb.Dispose();
        resized.Dispose();
        frame.Dispose();
        capture.Dispose();
    }
}
