namespace UnityVideo.Core.Video;

/// <summary>
/// Explains a failure to load OpenCV's native library. OpenCvSharp's official Linux runtime links against GTK 3,
/// which minimal Debian/Ubuntu images lack. (The Flow plugin carries its own copy: plugins cannot see Core.)
/// </summary>
internal static class OpenCvNative
{
    /// <summary>The Debian package that provides the missing dependency.</summary>
    public const string DebianPackage = "libgtk-3-0";

    /// <summary>The command that installs it.</summary>
    public const string InstallCommand = "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + DebianPackage;

    /// <summary>Runs <paramref name="body"/>, turning a native load failure into one <see cref="DllNotFoundException"/> that says what to install.</summary>
    public static T Call<T>(Func<T> body)
    {
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

    /// <summary>The innermost <see cref="DllNotFoundException"/> in <paramref name="error"/>'s chain (OpenCvSharp wraps it in a type initializer error), or null.</summary>
    public static DllNotFoundException? Cause(Exception? error)
    {
        DllNotFoundException? found = null;
        for (var e = error; e is not null; e = e.InnerException)
            if (e is DllNotFoundException d) found = d;
        return found;
    }
}
