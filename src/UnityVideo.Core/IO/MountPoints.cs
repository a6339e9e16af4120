using System.Globalization;
using System.Text;

namespace UnityVideo.Core.IO;

/// <summary>
/// Where other filesystems are mounted, from <c>/proc/self/mountinfo</c> (Linux; elsewhere none are known). A folder
/// the project replaces or deletes must not be one and must not hold one: what a mount holds is not the project's.
/// </summary>
public static class MountPoints
{
    private const string MountInfo = "/proc/self/mountinfo";

    /// <summary>True when <paramref name="path"/> itself is a mount point.</summary>
    public static bool IsMountPoint(string path)
    {
        var full = Trim(Path.GetFullPath(path));
        return All().Any(m => string.Equals(m, full, StringComparison.Ordinal));
    }

    /// <summary>The mount points strictly inside <paramref name="folder"/>, shallowest first.</summary>
    public static IReadOnlyList<string> Inside(string folder) => Under(folder, includeFolder: false);

    /// <summary><paramref name="folder"/> itself when it is a mount point, then the mount points inside it (one read of the table).</summary>
    public static IReadOnlyList<string> AtOrInside(string folder) => Under(folder, includeFolder: true);

    private static IReadOnlyList<string> Under(string folder, bool includeFolder)
    {
        var full = Trim(Path.GetFullPath(folder));
        var prefix = full == "/" ? "/" : full + "/";
        return All().Where(m => (m.Length > prefix.Length && m.StartsWith(prefix, StringComparison.Ordinal)) || (includeFolder && m == full))
            .Distinct(StringComparer.Ordinal).OrderBy(m => m.Length).ToList();
    }

    private static IEnumerable<string> All()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(MountInfo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // not Linux, or /proc is not mounted: nothing is known to be a mount point
        }
        // Field 5 (1-based) is the mount point, with space, tab, newline and backslash written as octal escapes.
        return lines.Select(l => l.Split(' ')).Where(f => f.Length > 4).Select(f => Trim(Unescape(f[4])));
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal)) return field;
        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }
        return sb.ToString();
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
