using System.Diagnostics;
using System.Globalization;

namespace UnityVideo.Host.Benchmarks;

/// <summary>The process's peak resident memory (host RAM; device memory is not included).</summary>
public static class PeakMemory
{
    /// <summary>
    /// Peak resident set size in MiB since the process started: <c>VmHWM</c> from <c>/proc/self/status</c> on
    /// Linux, else <see cref="Process.PeakWorkingSet64"/>.
    /// </summary>
    public static double ResidentMegabytes()
    {
        if (OperatingSystem.IsLinux() && ReadVmHwmKilobytes() is { } kb) return kb / 1024.0;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    private static long? ReadVmHwmKilobytes()
    {
        try
        {
            // The line reads "VmHWM:     123456 kB".
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: >= 2 } && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
