using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Training;
using UnityVideo.Core.Video;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Cli;

/// <summary>Turns exceptions into one clear message on stderr and an exit code; no stack traces for expected failures.</summary>
internal static class CliErrors
{
    /// <summary>Exit code for a user error (bad input, bad configuration, failed plugin).</summary>
    public const int UserError = 1;

    /// <summary>Exit code for an unexpected internal failure.</summary>
    public const int InternalError = 70;

    /// <summary>Runs <paramref name="body"/>, mapping known failures to messages.</summary>
    public static int Run(Func<int> body, bool verbose, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserError(e))
        {
            stderr.WriteLine($"error: {e.Message}");
            if (verbose) stderr.WriteLine(e);
            return UserError;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message}");
            stderr.WriteLine(verbose ? e.ToString() : "(run again with --verbose for the stack trace)");
            return InternalError;
        }
    }

    private static bool IsUserError(Exception e) => e is UnityVideoConfigurationException or PluginLoadException
        or SafetensorsFormatException or DatasetFormatException or TrainingException or CliUsageException or IOException or OperationCanceledException
        or VideoFormatException or DllNotFoundException; // a missing system library (e.g. OpenCV's libgtk-3-0): the message says what to install
}
