using System.Runtime.InteropServices;

namespace UnityVideo.Core.Video;

/// <summary>
/// First use of OpenCV's native library: quiets its logging and explains a failure to load it. OpenCvSharp's
/// official Linux runtime links against GTK 3, which minimal Debian/Ubuntu images lack. (The Flow plugin carries
/// its own copy of the message: plugins cannot see Core.)
/// </summary>
internal static partial class OpenCvNative
{
    private static int quieted;

    /// <summary>The Debian package that provides the missing dependency.</summary>
    public const string DebianPackage = "libgtk-3-0";

    /// <summary>The command that installs it.</summary>
    public const string InstallCommand = "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + DebianPackage;

    /// <summary>Runs <paramref name="body"/>, turning a native load failure into one <see cref="DllNotFoundException"/> that says what to install.</summary>
    public static T Call<T>(Func<T> body)
    {
        Quiet();
        try
        {
            return body();
        }
        catch (Exception e) when (Cause(e) is { } cause)
        {
            throw new DllNotFoundException(Describe(cause), e);
        }
    }

    /// <summary>The message for a loader failure <paramref name="cause"/>: package, install command and the loader's first line.</summary>
    public static string Describe(Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var detail = cause.Message.Split('\n', 2)[0].Trim();
        return "OpenCV's native library (OpenCvSharpExtern from OpenCvSharp4.official.runtime.linux-x64) cannot be loaded; "
            + $"on Debian or Ubuntu it needs the package {DebianPackage}: {InstallCommand} (loader: {detail})";
    }

    /// <summary>
    /// Keeps OpenCV's and FFmpeg's own log lines ("moov atom not found", "[ WARN:0] … can't be used to capture by
    /// name") off stderr: a bad file already gets one clear error from the reader. Sets OPENCV_LOG_LEVEL and
    /// OPENCV_FFMPEG_LOGLEVEL in the native environment, which OpenCV reads on first use, unless the user set them.
    /// </summary>
    private static void Quiet()
    {
        if (Interlocked.Exchange(ref quieted, 1) == 1 || !OperatingSystem.IsLinux()) return;
        try
        {
            _ = SetEnv("OPENCV_LOG_LEVEL", "ERROR", 0);
            _ = SetEnv("OPENCV_FFMPEG_LOGLEVEL", "-8", 0); // AV_LOG_QUIET
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Best effort: without libc's setenv OpenCV merely stays chatty.
        }
    }

    // .NET's Environment.SetEnvironmentVariable does not reach the native environment that OpenCV reads.
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>The innermost <see cref="DllNotFoundException"/> in <paramref name="error"/>'s chain (OpenCvSharp wraps it in a type initializer error), or null.</summary>
    public static DllNotFoundException? Cause(Exception? error)
    {
        DllNotFoundException? found = null;
        for (var e = error; e is not null; e = e.InnerException)
            if (e is DllNotFoundException d) found = d;
        return found;
    }
}
