; Inno Setup 6.5+ script for 妇联工作台 (Fulian Desk).
; Build: python packaging\build.py  (runs ISCC after PyInstaller when Inno Setup is installed)
; Per-user install, no admin rights; Start-menu and desktop shortcuts; .fulian opens with the
; app; the uninstaller removes the program only, never databases or backups.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "妇联工作台"
#define AppExe "FulianDesk.exe"
#define AppId "{{6B1E2F4A-5C3D-4E8F-9A7B-2D1C0F3E4A5B}"
#define DbExt ".fulian"
#define ProgId "FulianDesk.Database"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=妇联工作台
DefaultDirName={localappdata}\Programs\FulianDesk
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
DisableProgramGroupPage=yes
OutputDir=dist
OutputBaseFilename=FulianDesk-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\fulian.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "其他："

[Files]
Source: "dist\FulianDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\{#DbExt}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "妇联工作台数据库"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动妇联工作台"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: databases live wherever the clerk keeps them (usually a USB stick) and
; backups in %LOCALAPPDATA%\FulianDesk; the uninstaller leaves both alone.
