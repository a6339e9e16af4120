using System.Runtime.InteropServices;

namespace UnityVideo.Core.IO;

/// <summary>
/// Linux's <c>renameat2(RENAME_EXCHANGE)</c>: swaps two paths in one step, so a folder being replaced is never
/// missing, not even for an instant. Where the kernel, libc or filesystem lacks it, <see cref="TryExchange"/>
/// says so and the caller falls back to two renames.
/// </summary>
internal static partial class RenameExchange
{
    private const int AtFdCwd = -100;
    private const uint Exchange = 2; // RENAME_EXCHANGE

    /// <summary>Swaps <paramref name="a"/> and <paramref name="b"/> atomically; false when this system cannot.</summary>
    /// <exception cref="IOException">The swap was possible in principle but failed (permissions, a busy folder).</exception>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        int result;
        try
        {
            result = RenameAt2(AtFdCwd, a, AtFdCwd, b, Exchange);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        if (result == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        // ENOSYS (old kernel), EINVAL (filesystem without exchange), ENOTSUP: fall back to two renames.
        if (errno is 38 or 22 or 95) return false;
        throw new IOException($"{b}: cannot swap in the new folder ({Marshal.GetPInvokeErrorMessage(errno)}).");
    }

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
