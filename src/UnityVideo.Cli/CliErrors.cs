using UnityVideo.Core.Backbones;
using UnityVideo.Core.Data;
using UnityVideo.Core.Inference;
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
            stderr.WriteLine($"error: {Message(e)}");
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

    // Core names no command-line flag; here an existing output becomes advice about --force.
    private static string Message(Exception e) => e switch
    {
        OutputExistsException { Holds: { } holds } x => $"{x.Option} {x.Path} is not empty (it holds a {holds}); pass --force to replace it (the old content is kept until the new one is complete).",
        OutputExistsException { Option: { } option } x => $"{option} {x.Path} exists; pass --force to overwrite it, or choose another file.",
        OutputExistsException x => $"'{x.Path}' exists; choose another output folder or overwrite it (--force).",
        _ => e.Message,
    };

    private static bool IsUserError(Exception e) => e is UnityVideoConfigurationException or PluginLoadException or UnsupportedBackboneException
        or SafetensorsFormatException or DatasetFormatException or TrainingException or InferenceException or CliUsageException or IOException or OperationCanceledException
        or VideoFormatException or DllNotFoundException; // a missing system library (e.g. OpenCV's libgtk-3-0): the message says what to install
}
