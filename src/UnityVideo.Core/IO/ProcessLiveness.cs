using System.Diagnostics;

namespace UnityVideo.Core.IO;

/// <summary>Whether a process that left a file behind (named by its id) is still running.</summary>
internal static class ProcessLiveness
{
    /// <summary>True while process <paramref name="pid"/> exists and has not exited.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false; // no such process, or it ended while we looked
        }
    }
}
