using System.Globalization;

namespace UnityVideo.Core.IO;

/// <summary>
/// Replaces an output folder without ever deleting first: the new content is written into a hidden sibling
/// (<c>.NAME.partial-PID-ID</c>), then swapped with the old folder in one step (or, where the system cannot swap,
/// the old folder is renamed aside to <c>.NAME.aside-PID-ID</c> and the new one renamed in), and only then is the
/// old content deleted. A kill at any moment leaves one complete folder at the target (or, in the two-rename
/// fallback, the old one aside, which the next run renames back). Leftovers of killed runs are cleaned by the next
/// <see cref="BeginStaging"/>. Every recursive delete of the project goes through <see cref="DeleteTree"/>.
/// </summary>
public static class FolderSwap
{
    private const string PartialTag = ".partial-";
    private const string AsideTag = ".aside-";

    /// <summary>
    /// Cleans the target's stale siblings, puts back an old folder a killed run left aside, and creates a fresh
    /// hidden staging folder beside <paramref name="target"/>; returns its path.
    /// </summary>
    public static string BeginStaging(string target)
    {
        var full = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(full)
            ?? throw new IOException($"{full}: a filesystem root cannot be replaced; choose a folder inside one.");
        if (OutputGuard.IsCurrentDirectoryOrParent(full))
            throw new IOException($"{full} is the current directory or holds it; a folder that is replaced as a whole cannot be. Choose another folder.");
        if (MountPoints.IsMountPoint(full))
            throw new IOException($"{full} is a mount point; the new folder is written beside it and renamed into its place, which a mount point cannot be. Choose a folder inside it (e.g. {Path.Combine(full, "data")}).");
        Directory.CreateDirectory(parent);
        Recover(full);
        var staging = Path.Combine(parent, Sibling(full, PartialTag));
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>
    /// Moves the finished <paramref name="staging"/> folder to <paramref name="target"/>, replacing what was there;
    /// the old content is deleted last, and if that fails it stays aside (hidden) for the next run to clean.
    /// </summary>
    public static void Commit(string staging, string target)
    {
        var full = Path.GetFullPath(target);
        if (!Directory.Exists(full))
        {
            if (File.Exists(full)) throw new IOException($"{full}: a file, not a folder, is in the way.");
            Directory.Move(staging, full);
            return;
        }
        if (RenameExchange.TryExchange(staging, full))
        {
            // The staging path now holds the old content; it is the project's own hidden folder.
            TryDeleteTree(staging);
            return;
        }
        var aside = Path.Combine(Path.GetDirectoryName(full)!, Sibling(full, AsideTag));
        Directory.Move(full, aside);
        Directory.Move(staging, full);
        TryDeleteTree(aside);
    }

    /// <summary>Deletes an unfinished staging folder (after a failure or a cancellation).</summary>
    public static void Discard(string staging) => TryDeleteTree(staging);

    /// <summary>
    /// Deletes a folder and everything in it: the project's only recursive delete. Refuses a filesystem root, the
    /// current directory, any folder that holds it, and a mount point or a folder holding one (what another
    /// filesystem holds is never the project's); symbolic links inside are removed, never followed.
    /// </summary>
    /// <exception cref="IOException">The folder is protected, or something in it cannot be deleted.</exception>
    public static void DeleteTree(string path)
    {
        var full = Path.GetFullPath(path);
        if (OutputGuard.IsCurrentDirectoryOrParent(full) || Path.GetDirectoryName(full) is null)
            throw new IOException($"{full}: refusing to delete the current directory, a folder that holds it, or a filesystem root.");
        if (MountPoints.AtOrInside(full) is [_, ..])
            throw new IOException($"{full}: refusing to delete a mount point or a folder that holds one.");
        var info = new DirectoryInfo(full);
        if (!info.Exists) return;
        if (info.LinkTarget is not null) { info.Delete(); return; }
        Directory.Delete(full, recursive: true);
    }

    /// <summary>True for the hidden folders this class creates beside <paramref name="target"/>.</summary>
    public static bool IsLeftoverOf(string target, string candidate)
    {
        var name = Path.GetFileName(Path.GetFullPath(target));
        var other = Path.GetFileName(candidate);
        return other.StartsWith($".{name}{PartialTag}", StringComparison.Ordinal) || other.StartsWith($".{name}{AsideTag}", StringComparison.Ordinal);
    }

    // ------------------------------------------------------------ leftovers of killed runs

    private static void Recover(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        foreach (var dir in Directory.EnumerateDirectories(parent, $".{name}.*").ToList())
        {
            if (!IsLeftoverOf(target, dir) || OwnerAlive(Path.GetFileName(dir))) continue;
            // A killed two-rename swap may have left the old folder aside and nothing at the target: put it back.
            if (Path.GetFileName(dir).Contains(AsideTag, StringComparison.Ordinal) && !Directory.Exists(target) && !File.Exists(target))
                Directory.Move(dir, target);
            else
                TryDeleteTree(dir);
        }
    }

    // Sibling names carry the writer's process id, so a run never cleans a folder another live run is writing.
    private static string Sibling(string target, string tag) =>
        string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(target)}{tag}{Environment.ProcessId}-{Guid.NewGuid():N}");

    private static bool OwnerAlive(string siblingName)
    {
        var parts = siblingName.Split('-');
        // ".NAME.partial-PID-GUID": the PID is the second-to-last dash-separated part.
        if (parts.Length < 3 || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        return pid == Environment.ProcessId || ProcessLiveness.IsAlive(pid);
    }

    private static void TryDeleteTree(string path)
    {
        try
        {
            DeleteTree(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What could not be deleted stays in a hidden sibling; the next run tries again. The data is safe.
        }
    }
}
