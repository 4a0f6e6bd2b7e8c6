; Inno Setup 6 script of KIM Desktop: a per-user installation without administrator rights.
;
; Build on Windows after PyInstaller (see docs/packaging.md), from the repository root:
;   iscc packaging\windows\kim-desktop.iss
; The version comes from the built kim-desktop.exe's version resource (made from kim_desktop.__version__);
; override it with  iscc /DAppVersion=1.2.3 packaging\windows\kim-desktop.iss
; The installer is written to dist\kim-desktop-<version>-windows-x64-setup.exe.

#define AppName "KIM Desktop"
#define AppId "de.kim-netzwerk.KimDesktop"
#define AppPublisher "KIM-Netzwerk"
#define BundleDir "..\..\dist\kim-desktop"
#define AppExe "kim-desktop.exe"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error "No version: build the bundle first (pyinstaller packaging\kim-desktop.spec) or pass /DAppVersion=..."
#endif

[Setup]
; A fixed AppId (not the display name) lets later versions update this installation in place.
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
; Per user, no UAC prompt: advisors in municipal offices usually have no administrator rights.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\resources\icons\app\kim-desktop.ico
OutputDir=..\..\dist
OutputBaseFilename=kim-desktop-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Ask Windows (Restart Manager) to close a running KIM Desktop before its files are replaced.
CloseApplications=yes

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program folder only. The data in %LOCALAPPDATA%\KIM-Netzwerk\KIM Desktop stays,
; so an uninstall followed by a new install keeps every case file (delete that folder by hand to remove them).
