using System.Runtime.InteropServices;
using OpenCvSharp;

namespace UnityVideo.Core.Video;

/// <summary>The OpenCV side of <see cref="VideoFileWriter"/>, in its own type so nothing loads OpenCV before a video is written.</summary>
internal static class VideoEncoder
{
    /// <summary>Encodes BGR frames <c>[T, H, W, 3]</c> into <paramref name="path"/> with the FourCC <paramref name="codec"/>; false when OpenCV cannot open a writer for them.</summary>
    public static bool Write(string path, string codec, double fps, byte[] bgr, int frames, int height, int width)
    {
        using var writer = new VideoWriter(path, FourCC.FromString(codec), fps, new Size(width, height), isColor: true);
        if (!writer.IsOpened()) return false;
        var plane = height * width * 3;
        using var frame = new Mat(height, width, MatType.CV_8UC3);
        for (var i = 0; i < frames; i++)
        {
            Marshal.Copy(bgr, i * plane, frame.Data, plane);
            writer.Write(frame);
        }
        writer.Release();
        return true;
    }
}
