using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Interop;

/// <summary>
/// Every constant and every struct of the bindings, found by reflection, checked against the C
/// headers: a generated C file of <c>_Static_assert</c>s compiled with -m64 (x86-64: every constant,
/// every size and member offset) and -m32 (i686: the constants whose value does not depend on the
/// ABI; the bindings' structs and system call numbers are x86-64 layouts). Errno names and values
/// are checked against the C library's own strerrorname_np(), not Mono.Posix.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CHeaderTests
{
    /// <summary>Managed names that differ from the C name, as the C expression they stand for.</summary>
    static readonly Dictionary<string, string> CName = new(StringComparer.Ordinal)
    {
        ["RLimit.Infinity"] = "RLIM_INFINITY",
        ["CpuSet.MaxCpus"] = "CPU_SETSIZE",
        ["SockAddrUn.PathCapacity"] = "sizeof(((struct sockaddr_un *)0)->sun_path)",
        ["SysNo.SetGroups"] = "SYS_setgroups",
        ["SysNo.SetResUid"] = "SYS_setresuid",
        ["SysNo.SetResGid"] = "SYS_setresgid",
        ["DirentNameOffset"] = "offsetof(struct dirent, d_name)",
    };

    /// <summary>Constants whose value is the x86-64 ABI's (system call numbers; RLIM_INFINITY is 32 bits on i686 without LFS).</summary>
    static readonly HashSet<string> X86_64Only = new(StringComparer.Ordinal)
    {
        "SYS_futex", "SysNo.SetGroups", "SysNo.SetResUid", "SysNo.SetResGid", "RLimit.Infinity",
        "DirentNameOffset", // glibc's struct dirent: 64-bit d_ino/d_off on x86-64, 32-bit on i686 without LFS
    };

    /// <summary>Constants of the bindings that are not C constants (library names).</summary>
    static readonly HashSet<string> NotC = new(StringComparer.Ordinal) { "Libraries.Libc", "Libraries.Rt" };

    /// <summary>Each struct of the bindings: its C type and the C member of each managed field (null: padding the C struct names differently or not at all).</summary>
    static readonly Dictionary<string, (string C, Dictionary<string, string?> Members)> Structs = new(StringComparer.Ordinal)
    {
        ["TimeSpec"] = ("struct timespec", new() { ["Seconds"] = "tv_sec", ["Nanoseconds"] = "tv_nsec" }),
        ["TimeVal"] = ("struct timeval", new() { ["Seconds"] = "tv_sec", ["Microseconds"] = "tv_usec" }),
        ["MqAttr"] = ("struct mq_attr", new() { ["Flags"] = "mq_flags", ["MaxMsg"] = "mq_maxmsg", ["MsgSize"] = "mq_msgsize", ["CurMsgs"] = "mq_curmsgs", ["Reserved"] = "__pad" }),
        ["PollFd"] = ("struct pollfd", new() { ["Fd"] = "fd", ["Events"] = "events", ["REvents"] = "revents" }),
        ["RUsage"] = ("struct rusage", new()
        {
            ["UserTime"] = "ru_utime", ["SystemTime"] = "ru_stime", ["MaxRss"] = "ru_maxrss", ["IxRss"] = "ru_ixrss", ["IdRss"] = "ru_idrss",
            ["IsRss"] = "ru_isrss", ["MinFlt"] = "ru_minflt", ["MajFlt"] = "ru_majflt", ["NSwap"] = "ru_nswap", ["InBlock"] = "ru_inblock",
            ["OuBlock"] = "ru_oublock", ["MsgSnd"] = "ru_msgsnd", ["MsgRcv"] = "ru_msgrcv", ["NSignals"] = "ru_nsignals",
            ["NVcsw"] = "ru_nvcsw", ["NIvcsw"] = "ru_nivcsw",
        }),
        ["RLimit"] = ("struct rlimit", new() { ["Current"] = "rlim_cur", ["Maximum"] = "rlim_max" }),
        ["CpuSet"] = ("cpu_set_t", new() { ["Bits"] = "__bits" }),
        ["SockAddrUn"] = ("struct sockaddr_un", new() { ["Family"] = "sun_family", ["Path"] = "sun_path" }),
        ["Stat"] = ("struct stat", new()
        {
            ["Dev"] = "st_dev", ["Ino"] = "st_ino", ["NLink"] = "st_nlink", ["Mode"] = "st_mode", ["Uid"] = "st_uid", ["Gid"] = "st_gid",
            ["_pad0"] = null, ["RDev"] = "st_rdev", ["Size"] = "st_size", ["BlkSize"] = "st_blksize", ["Blocks"] = "st_blocks",
            ["ATime"] = "st_atim", ["MTime"] = "st_mtim", ["CTime"] = "st_ctim", ["_reserved"] = null,
        }),
    };

    const string Headers = """
        #define _GNU_SOURCE
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <linux/futex.h>
        #include <mqueue.h>
        #include <poll.h>
        #include <sched.h>
        #include <signal.h>
        #include <stddef.h>
        #include <stdio.h>
        #include <string.h>
        #include <sys/ioctl.h>
        #include <sys/mman.h>
        #include <sys/mount.h>
        #include <sys/resource.h>
        #include <sys/socket.h>
        #include <sys/stat.h>
        #include <sys/syscall.h>
        #include <sys/un.h>
        #include <time.h>
        #include <unistd.h>

        """;

    /// <summary>Every integral constant of the bindings: (managed name, C expression, value).</summary>
    static List<(string Name, string C, long Value)> Constants()
    {
        var list = new List<(string, string, long)>();
        void Walk(Type t, string prefix)
        {
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                var name = prefix + f.Name;
                if (NotC.Contains(name))
                    continue;
                var v = f.GetRawConstantValue();
                var value = v switch
                {
                    ulong u => unchecked((long)u),
                    IConvertible c when v is not string => c.ToInt64(CultureInfo.InvariantCulture),
                    _ => throw new InvalidOperationException($"constant {name} of type {f.FieldType} is not an integer: add it to NotC or check it"),
                };
                var cName = CName.GetValueOrDefault(name) ?? (prefix is "" or "Errno." ? f.Name : name);
                list.Add((name, cName, value));
            }
            foreach (var n in t.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
                Walk(n, n.Name + ".");
        }
        Walk(typeof(Posix), "");
        return list;
    }

    static List<Type> StructTypes() =>
        typeof(Posix).GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
            .Where(t => t.IsValueType && !t.IsEnum && t.StructLayoutAttribute?.Value == LayoutKind.Sequential && !t.Name.Contains("FixedBuffer", StringComparison.Ordinal))
            .ToList();

    string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = MkDTemp(Path.Combine(Path.GetTempPath(), "ipcbench-test-XXXXXX"));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    static string Cc()
    {
        var cc = new[] { "/usr/bin/cc", "/usr/bin/gcc", "/usr/local/bin/cc" }.FirstOrDefault(File.Exists);
        if (cc is null)
            Assert.Ignore("no C compiler to check the bindings against the headers");
        return cc!;
    }

    (int Code, string Err) Compile(string source, params string[] flags)
    {
        var file = Path.Combine(_dir, $"check{flags.Length}{string.Join("", flags).GetHashCode(StringComparison.Ordinal):x}.c");
        File.WriteAllText(file, source);
        var psi = new ProcessStartInfo(Cc()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in flags.Concat(["-std=c11", "-fsyntax-only", file]))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err);
    }

    static bool M32Available() =>
        File.Exists("/usr/lib32/libc.so") || File.Exists("/usr/lib/i386-linux-gnu/libc.so") || Directory.Exists("/usr/include/i386-linux-gnu");

    [Test]
    public void The_check_sees_every_constant_and_struct_and_can_fail()
    {
        Constants().Should().HaveCountGreaterThan(200, "reflection finds the bindings' constants (errno table included)");
        Constants().Select(c => c.Name).Should().Contain(["O_RDONLY", "MSG_NOSIGNAL", "SIGTERM", "S_IFIFO", "Errno.EAGAIN"]);
        StructTypes().Select(t => t.Name).Should().Contain(["MqAttr", "Stat", "TimeSpec"]);
        Compile(Headers + "_Static_assert(O_RDWR == 1, \"a wrong value\");\n", "-m64").Code.Should().NotBe(0, "a wrong value fails the compile");
        Compile(Headers + "_Static_assert(sizeof(struct mq_attr) == 32, \"a wrong size\");\n", "-m64").Code.Should().NotBe(0);
    }

    [Test]
    public void Every_struct_of_the_bindings_is_mapped_to_its_C_type_field_by_field()
    {
        foreach (var t in StructTypes())
        {
            Structs.Should().ContainKey(t.Name, "every struct of the bindings is checked against C (add its C type and members here)");
            var fields = t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(f => f.Name);
            Structs[t.Name].Members.Keys.Should().BeEquivalentTo(fields, "every field of {0} is mapped to its C member (or to null for padding)", t.Name);
        }
    }

    [Test]
    public void Every_constant_and_struct_matches_the_x86_64_headers()
    {
        var src = new StringBuilder(Headers);
        foreach (var (name, c, value) in Constants())
            src.Append(CultureInfo.InvariantCulture, $"_Static_assert((long long)({c}) == {value}LL, \"{name} == {value}\");\n");
        foreach (var t in StructTypes())
        {
            var (cType, members) = Structs[t.Name];
            src.Append(CultureInfo.InvariantCulture, $"_Static_assert(sizeof({cType}) == {Marshal.SizeOf(t)}, \"sizeof {t.Name} == {Marshal.SizeOf(t)}\");\n");
            foreach (var (field, member) in members.Where(m => m.Value is not null))
            {
                var off = (long)Marshal.OffsetOf(t, field);
                src.Append(CultureInfo.InvariantCulture, $"_Static_assert(offsetof({cType}, {member}) == {off}, \"{t.Name}.{field} at {off}\");\n");
            }
        }
        var (code, err) = Compile(src.ToString(), "-m64");
        code.Should().Be(0, "every binding constant and layout must match the x86-64 C headers:\n" + err);
    }

    [Test]
    public void Every_ABI_independent_constant_matches_the_i686_headers()
    {
        if (!M32Available())
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail("CI=true and no i686 headers (install gcc-multilib: scripts/deps.sh)");
            Assert.Ignore("no i686 headers (gcc-multilib) to compile -m32 against");
        }
        var src = new StringBuilder(Headers);
        foreach (var (name, c, value) in Constants().Where(k => !X86_64Only.Contains(k.Name)))
            src.Append(CultureInfo.InvariantCulture, $"_Static_assert((long long)({c}) == {value}LL, \"{name} == {value}\");\n");
        var (code, err) = Compile(src.ToString(), "-m32");
        code.Should().Be(0, "every ABI-independent binding constant must match the i686 C headers too:\n" + err);
    }

    [Test]
    public void Errno_names_and_values_match_the_C_library()
    {
        // strerrorname_np (glibc 2.32): the C library's own name of each number.
        var names = new Dictionary<int, string>();
        for (var n = 1; n < 134; n++)
        {
            var p = StrErrorName(n);
            if (p != 0)
                names[n] = Marshal.PtrToStringUTF8(p)!;
        }
        if (names.Count == 0)
            Assert.Ignore("this C library has no strerrorname_np");
        foreach (var (n, cName) in names)
            Errno.Name(n).Should().Be(cName, "errno {0} is {1} in the C library", n, cName);
        foreach (var (name, _, value) in Constants().Where(k => k.Name.StartsWith("Errno.", StringComparison.Ordinal)))
            names.Should().ContainKey((int)value, "{0} = {1} is an errno the C library knows", name, value);
    }

    [DllImport("libc", EntryPoint = "strerrorname_np")]
    static extern nint StrErrorName(int errnum);
}
