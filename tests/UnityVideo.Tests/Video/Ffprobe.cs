using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace UnityVideo.Tests.VideoFiles;

/// <summary>What Debian's <c>ffprobe</c> says about a video's first stream (frames counted by decoding them).</summary>
internal sealed record Ffprobe(string Codec, string PixelFormat, int Frames, double Fps, int Width, int Height)
{
    public const string Missing = "these tests need Debian's ffmpeg (ffmpeg, ffprobe): sudo apt-get install ffmpeg";

    public static Ffprobe Of(string path)
    {
        var json = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
            "stream=codec_name,pix_fmt,nb_read_frames,r_frame_rate,width,height", "-of", "json", path);
        var s = JsonDocument.Parse(json).RootElement.GetProperty("streams")[0];
        var rate = s.GetProperty("r_frame_rate").GetString()!.Split('/');
        return new Ffprobe(s.GetProperty("codec_name").GetString()!, s.GetProperty("pix_fmt").GetString()!, int.Parse(s.GetProperty("nb_read_frames").GetString()!),
            double.Parse(rate[0]) / double.Parse(rate[1]), s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32());
    }

    /// <summary>Decodes a 16-bit greyscale PNG to its pixel values.</summary>
    public static ushort[] Gray16(string png)
    {
        var psi = Start("ffmpeg", "-v", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "gray16le", "-");
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ffmpeg could not decode {png}");
        var bytes = ms.ToArray();
        var values = new ushort[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>The pixel format ffprobe reports for an image or video.</summary>
    public static string PixelFormatOf(string path) =>
        Run("ffprobe", "-v", "error", "-show_entries", "stream=pix_fmt", "-of", "default=nw=1:nk=1", path).Trim();

    private static ProcessStartInfo Start(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static string Run(string exe, params string[] args)
    {
        try
        {
            using var p = Process.Start(Start(exe, args))!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"{exe} failed on {args[^1]}: {stderr.Result}");
            return stdout.Result;
        }
        catch (Win32Exception)
        {
            Assert.Fail(Missing);
            throw;
        }
    }
}
