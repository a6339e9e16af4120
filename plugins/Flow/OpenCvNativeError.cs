namespace UnityVideo.Plugins.Flow;

/// <summary>
/// Recognises a failure to load OpenCV's native library and explains the fix. OpenCvSharp's official Linux runtime
/// links against GTK 3, which minimal Debian/Ubuntu images (CI containers) lack.
/// </summary>
public static class OpenCvNativeError
{
    /// <summary>The Debian package that provides the missing dependency.</summary>
    public const string DebianPackage = "libgtk-3-0";

    /// <summary>The command that installs it.</summary>
    public const string InstallCommand = "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + DebianPackage;

    /// <summary>
    /// True when <paramref name="error"/> (or an exception it wraps, e.g. a <see cref="TypeInitializationException"/>
    /// from OpenCvSharp's native bindings) is a <see cref="DllNotFoundException"/>.
    /// </summary>
    public static bool IsNativeLoadFailure(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is DllNotFoundException) return true;
        return false;
    }

    /// <summary>One message naming the package and the command to install it, plus the loader's own first line.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var cause = error;
        for (var e = error; e is not null; e = e.InnerException)
            if (e is DllNotFoundException) cause = e;
        var detail = cause.Message.Split('\n', 2)[0].Trim();
        return $"OpenCV's native library (OpenCvSharpExtern from OpenCvSharp4.official.runtime.linux-x64) cannot be loaded; "
            + $"on Debian or Ubuntu it needs the package {DebianPackage}: {InstallCommand} (loader: {detail})";
    }
}
