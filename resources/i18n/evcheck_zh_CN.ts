<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Used unmodified as separate shared libraries, which may be replaced by another build of the same version.</source>
        <translation>以未经修改的独立动态库形式使用，可替换为同一版本的其他构建。</translation>
    </message>
    <message>
        <source>Lets pypdf open PDFs that restrict editing, and tells encrypted 7z archives.</source>
        <translation>用于打开“限制编辑”的 PDF，并识别加密的 7z 压缩包。</translation>
    </message>
    <message>
        <source>Reads 7z archives and Deflate64 zips. Shipped as replaceable source files and shared libraries.</source>
        <translation>读取 7z 压缩包和 Deflate64 压缩的 zip。以可替换的源文件和共享库形式随附。</translation>
    </message>
    <message>
        <source>Reads RAR archives. The UnRAR source may not be used to create RAR archives.</source>
        <translation>读取 RAR 压缩包。UnRAR 源代码不得用于制作 RAR 压缩包。</translation>
    </message>
    <message>
        <source>Reads HEIC photos from phones.</source>
        <translation>用于读取手机拍摄的 HEIC 照片。</translation>
    </message>
    <message>
        <source>HEVC encoder that pillow-heif&apos;s packages include; evcheck only reads HEIC. The Linux build replaces it with an empty stand-in; the Windows build includes it (source: licenses/pillow-heif).</source>
        <translation>pillow-heif 安装包附带的 HEVC 编码器；evcheck 只读取 HEIC。Linux 版本将其换成空的替代库，Windows 版本包含该库（源代码信息见 licenses/pillow-heif）。</translation>
    </message>
    <message>
        <source>Public domain</source>
        <translation>公有领域</translation>
    </message>
    <message>
        <source>About evcheck</source>
        <translation>关于 evcheck</translation>
    </message>
    <message>
        <source>Evidence check for education service assessments</source>
        <translation>教育惠民考核佐证材料核查</translation>
    </message>
    <message>
        <source>Licences of the bundled software</source>
        <translation>随附软件的许可证</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Rubric</source>
        <translation>考核细则</translation>
    </message>
    <message>
        <source>Rubric year</source>
        <translation>细则年度</translation>
    </message>
    <message>
        <source>not loaded</source>
        <translation>未载入</translation>
    </message>
    <message>
        <source>Built with</source>
        <translation>构建环境</translation>
    </message>
    <message>
        <source>evcheck works entirely offline: it sends nothing anywhere.</source>
        <translation>evcheck 完全离线运行，不会向任何地方发送数据。</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>软件</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>The full licence texts are in %1.</source>
        <translation>许可证全文位于 %1。</translation>
    </message>
    <message>
        <source>The full licence texts ship with the installed program, in its “licenses” folder.</source>
        <translation>许可证全文随程序一同安装，位于程序目录的“licenses”文件夹中。</translation>
    </message>
    <message>
        <source>evcheck itself is released under the MIT licence.</source>
        <translation>evcheck 本身以 MIT 许可证发布。</translation>
    </message>
</context>
<context>
    <name>AcceptDialog</name>
    <message>
        <source>Accept Finding</source>
        <translation>认可问题</translation>
    </message>
    <message>
        <source>Why is this acceptable? Required; kept in the review file.</source>
        <translation>为什么可以认可？必填，将保存在评审文件中。</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Finding:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open the review file %1: %2. Corrections made now are kept in memory only; the file itself was not changed.</source>
        <translation>无法打开评审文件 %1：%2。现在所做的更正只保存在内存中，该文件本身未被改动。</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CityDock</name>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Use This Material…</source>
        <translation>改用此材料…</translation>
    </message>
    <message>
        <source>Add Every Checked Unit to the Review</source>
        <translation>将已检查的单位全部加入评审</translation>
    </message>
    <message>
        <source>Each checked unit joins the review file, so every unit can be scored and exported at once.</source>
        <translation>每个已检查的单位都加入评审文件，便于逐一评分并一次导出全部单位。</translation>
    </message>
    <message>
        <source>Next Unit</source>
        <translation>下一个单位</translation>
    </message>
    <message>
        <source>Previous Unit</source>
        <translation>上一个单位</translation>
    </message>
    <message>
        <source>%1: %2 units, %3 checked, %4 not submitted, %5 ambiguous</source>
        <translation>%1：共 %2 个单位，已检查 %3 个，未提交 %4 个，有歧义 %5 个</translation>
    </message>
    <message>
        <source>Use This Material: %1</source>
        <translation>改用此材料：%1</translation>
    </message>
    <message>
        <source>Show This Unit</source>
        <translation>查看该单位</translation>
    </message>
    <message>
        <source>%1 units joined the review file.</source>
        <translation>%1 个单位已加入评审文件。</translation>
    </message>
    <message>
        <source>Reading the units&apos; material…</source>
        <translation>正在读取各单位的材料…</translation>
    </message>
    <message>
        <source>Checking %1 (%2/%3): %4</source>
        <translation>正在检查 %1（%2/%3）：%4</translation>
    </message>
    <message>
        <source>Finishing %1 (%2/%3)…</source>
        <translation>正在完成 %1（%2/%3）…</translation>
    </message>
</context>
<context>
    <name>ClerkMenu</name>
    <message>
        <source>&amp;Clerk</source>
        <translation>材料整理(&amp;C)</translation>
    </message>
    <message>
        <source>Create Folder &amp;Template…</source>
        <translation>创建文件夹模板(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Rename Files…</source>
        <translation>批量重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Convert Photos and HEIC…</source>
        <translation>转换照片和 HEIC(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Undo Rename or Conversion…</source>
        <translation>撤销重命名或转换(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Pack for Submission…</source>
        <translation>打包上报(&amp;P)…</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>材料整理</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) still have errors, so the folder was not packed:</source>
        <translation>
            <numerusform>还有 %n 个文件有错误，暂未打包：</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix them as the All Findings list says, or pack the folder as it is.</source>
        <translation>请按“全部问题”列表中的处理方法修改；确需原样上报时，也可以直接打包。</translation>
    </message>
    <message>
        <source>The zip cannot be saved inside the folder being packed: choose a place outside it.</source>
        <translation>压缩包不能保存在要打包的文件夹里，请另选该文件夹以外的位置。</translation>
    </message>
    <message>
        <source>Open a submission folder first (a zip must be unpacked to be changed).</source>
        <translation>请先打开材料文件夹（压缩包需先解压才能修改）。</translation>
    </message>
    <message>
        <source>Load a roster and choose the unit first.</source>
        <translation>请先载入花名册并选择考核单位。</translation>
    </message>
    <message>
        <source>Where to Create the Template</source>
        <translation>选择模板的创建位置</translation>
    </message>
    <message>
        <source>Template created in %1.
Checklist: %2</source>
        <translation>模板已创建于 %1。
清单：%2</translation>
    </message>
    <message>
        <source>All names are already in order.</source>
        <translation>所有文件名都已符合要求。</translation>
    </message>
    <message>
        <source>The journal could not be saved, so nothing was renamed: %1</source>
        <translation>无法保存操作记录，因此没有重命名任何文件：%1</translation>
    </message>
    <message>
        <source>Renamed %1 files. To undo, use Clerk → Undo and choose:
%2</source>
        <translation>已重命名 %1 个文件。如需撤销，请用“材料整理 → 撤销重命名或转换…”并选择：
%2</translation>
    </message>
    <message>
        <source>Nothing needs converting.</source>
        <translation>没有需要转换的文件。</translation>
    </message>
    <message>
        <source>Create these files beside the originals? The originals are not changed.</source>
        <translation>要在原文件旁边生成这些文件吗？原文件保持不变。</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>Then move the converted originals out of the submission, to %1? (Undo brings them back.)</source>
        <translation>是否再把已转换的原文件移出材料文件夹，放到 %1？（撤销时会移回原处。）</translation>
    </message>
    <message>
        <source>Created %1 files. To remove them, use Clerk → Undo and choose:
%2</source>
        <translation>已生成 %1 个文件。如需删除，请用“材料整理 → 撤销重命名或转换…”并选择：
%2</translation>
    </message>
    <message>
        <source>Choose a Journal</source>
        <translation>选择操作记录</translation>
    </message>
    <message>
        <source>Journals (*.json)</source>
        <translation>操作记录 (*.json)</translation>
    </message>
    <message>
        <source>Restored %1 files; removed %2 converted files.</source>
        <translation>已恢复 %1 个文件，删除了 %2 个转换生成的文件。</translation>
    </message>
    <message>
        <source>Save Zip As</source>
        <translation>压缩包另存为</translation>
    </message>
    <message>
        <source>Zip (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>Pack anyway?</source>
        <translation>仍要打包吗？</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>打包</translation>
    </message>
    <message>
        <source>Packed %1 files into %2.
Manifest: %3</source>
        <translation>已将 %1 个文件打包为 %2。
文件清单：%3</translation>
    </message>
    <message>
        <source>Still missing:</source>
        <translation>仍缺少：</translation>
    </message>
</context>
<context>
    <name>ContentPass</name>
    <message>
        <source>Text recognition is not installed: scans and photos were not read, only the text inside PDFs. To read them too, install the evcheck version with text recognition.</source>
        <translation>未安装文字识别组件：扫描件和照片未识别，只读取了 PDF 中自带的文字。如需识别扫描件和照片，请安装带文字识别的 evcheck 版本。</translation>
    </message>
    <message>
        <source>Reading the file contents stopped: %1</source>
        <translation>读取文件内容中断：%1</translation>
    </message>
    <message>
        <source>Reading contents…</source>
        <translation>正在读取内容…</translation>
    </message>
    <message>
        <source>File contents read.</source>
        <translation>文件内容已读取。</translation>
    </message>
    <message>
        <source>Reading the contents stopped; what was read so far is kept.</source>
        <translation>已停止读取内容；已读取的部分保留。</translation>
    </message>
    <message>
        <source>Reading contents %1/%2</source>
        <translation>正在读取内容 %1/%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Corrector</name>
    <message numerus="yes">
        <source>Reassigned %n file(s).</source>
        <translation>
            <numerusform>已重新归类 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>The selected file has no finding to accept.</source>
        <translation>所选文件没有可认可的问题。</translation>
    </message>
    <message>
        <source>Move to Indicator</source>
        <translation>归入指标</translation>
    </message>
    <message>
        <source>Clear Reassignment</source>
        <translation>撤销重新归类</translation>
    </message>
    <message>
        <source>Withdraw Acceptance of %1</source>
        <translation>撤销对 %1 的认可</translation>
    </message>
    <message>
        <source>Go to File</source>
        <translation>转到文件</translation>
    </message>
    <message>
        <source>Withdraw Acceptance</source>
        <translation>撤销认可</translation>
    </message>
    <message>
        <source>Accept This Finding…</source>
        <translation>认可此问题…</translation>
    </message>
</context>
<context>
    <name>CoverageMatrixModel</name>
    <message>
        <source>Whole unit</source>
        <translation>单位整体</translation>
    </message>
    <message>
        <source>Evidence asked of the unit as a whole</source>
        <translation>要求单位整体提供的材料</translation>
    </message>
    <message>
        <source>None (optional)</source>
        <translation>无（可选）</translation>
    </message>
    <message>
        <source>Asked of every school, not of the unit as a whole.</source>
        <translation>要求每所学校提供，而非单位整体。</translation>
    </message>
    <message>
        <source>Asked of the unit as a whole, not of each school.</source>
        <translation>要求单位整体提供，而非每所学校。</translation>
    </message>
    <message>
        <source>the unit</source>
        <translation>本单位</translation>
    </message>
    <message>
        <source>Needed from %1:</source>
        <translation>%1 需提供：</translation>
    </message>
    <message>
        <source>Optional: without it the item scores 0, it is not an error.</source>
        <translation>可选：缺少时该项计 0 分，不算错误。</translation>
    </message>
    <message>
        <source>Click to see the files.</source>
        <translation>点击查看文件。</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>evcheck stopped with an error</source>
        <translation>evcheck 运行出错</translation>
    </message>
    <message>
        <source>(no log file)</source>
        <translation>（没有日志文件）</translation>
    </message>
    <message>
        <source>Your saved review is not affected: every edit was saved when it was made. The details are in the log file %1; please send it along when you report the problem.</source>
        <translation>已保存的评审内容不受影响：每次修改都已即时保存。详细信息已写入日志文件 %1，反馈问题时请附上该文件。</translation>
    </message>
    <message>
        <source>Something unexpected happened: %1</source>
        <translation>发生了意外错误：%1</translation>
    </message>
</context>
<context>
    <name>EntriesEditor</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Counts as</source>
        <translation>计为</translation>
    </message>
    <message>
        <source>Title of the report or document</source>
        <translation>报道或文件的标题</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove Selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>no title</source>
        <translation>无标题</translation>
    </message>
    <message>
        <source>counts %1</source>
        <translation>计 %1 分</translation>
    </message>
    <message>
        <source>repeat of row %1 — counted once</source>
        <translation>与第 %1 行重复，只计一次</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Score Sheet</source>
        <translation>导出评分表</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx): summary and a sheet per unit</source>
        <translation>Excel 工作簿（.xlsx）：汇总表，另每个单位一张明细表</translation>
    </message>
    <message>
        <source>PDF (A4, for printing and signing)</source>
        <translation>PDF（A4，供打印、签字）</translation>
    </message>
    <message>
        <source>CSV (summary only)</source>
        <translation>CSV（仅汇总表）</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>导出范围</translation>
    </message>
    <message>
        <source>This unit: %1</source>
        <translation>本单位：%1</translation>
    </message>
    <message>
        <source>This unit (none is open)</source>
        <translation>本单位（当前未打开单位）</translation>
    </message>
    <message numerus="yes">
        <source>Every unit in the review (%n)</source>
        <translation>
            <numerusform>评审文件中的全部单位（共 %n 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Containing Folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>The review has no units yet: open a unit&apos;s submission first.</source>
        <translation>评审文件中还没有单位，请先打开一个单位的材料。</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>That is the review file itself. Choose another name for the score sheet.</source>
        <translation>这是评审文件本身，不能覆盖。请给评分表另取一个文件名。</translation>
    </message>
    <message numerus="yes">
        <source>Score sheet of %n unit(s) saved to %1</source>
        <translation>
            <numerusform>已导出 %n 个单位的评分表：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>No Chinese font was found: the Chinese text may not show. Install one and export again.</source>
        <translation>系统中没有找到中文字体，PDF 中的中文可能无法显示。请安装中文字体后重新导出。</translation>
    </message>
    <message>
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <source>Export Score Sheet…</source>
        <translation>导出评分表…</translation>
    </message>
    <message>
        <source>Score Sheet</source>
        <translation>评分表</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>全部文件</translation>
    </message>
    <message>
        <source>With any finding</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Any finding code</source>
        <translation>全部问题类型</translation>
    </message>
    <message>
        <source>Filter by name…</source>
        <translation>按名称筛选…</translation>
    </message>
    <message>
        <source>Files of %1 for %2</source>
        <translation>%2 · %1 的文件</translation>
    </message>
    <message>
        <source>Files of %1</source>
        <translation>%1 的文件</translation>
    </message>
</context>
<context>
    <name>FileTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未归类）</translation>
    </message>
    <message numerus="yes">
        <source>%n accepted</source>
        <translation>
            <numerusform>%n 项已认可</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindingsListModel</name>
    <message>
        <source>No roster: %1 schools were recognised from the file names, so the coverage may be incomplete. Choose the roster in %2 (Ctrl+R).</source>
        <translation>未载入花名册：从文件名中识别出 %1 所学校，覆盖情况可能不完整。请在“%2”中选择花名册（Ctrl+R）。</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>How to fix</source>
        <translation>处理方法</translation>
    </message>
    <message>
        <source>(whole submission)</source>
        <translation>（整份材料）</translation>
    </message>
    <message>
        <source>Accepted by the reviewer: %1</source>
        <translation>评审人已认可：%1</translation>
    </message>
</context>
<context>
    <name>IndicatorTreeModel</name>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Probl.</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Section and indicator</source>
        <translation>一级指标和二级指标</translation>
    </message>
    <message>
        <source>Files assigned to it</source>
        <translation>归入该指标的文件</translation>
    </message>
    <message>
        <source>Evidence missing</source>
        <translation>缺少的材料</translation>
    </message>
    <message>
        <source>Files with errors or warnings</source>
        <translation>有错误或警告的文件</translation>
    </message>
    <message>
        <source>Met, gap, problems, optional or no evidence required</source>
        <translation>已满足、缺项、有问题、可选或无需材料</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>缺项</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <source>Reason for a score other than the suggestion</source>
        <translation>评分与建议分不同的原因</translation>
    </message>
    <message>
        <source>Confirm Score</source>
        <translation>确认评分</translation>
    </message>
    <message>
        <source>Withdraw Confirmation</source>
        <translation>撤回确认</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>佐证材料</translation>
    </message>
    <message>
        <source>Double-click a link to preview that file and page.</source>
        <translation>双击关联即可预览对应的文件和页面。</translation>
    </message>
    <message>
        <source>Link Previewed File and Page</source>
        <translation>关联正在预览的文件和页码</translation>
    </message>
    <message>
        <source>Remove Link</source>
        <translation>取消关联</translation>
    </message>
    <message>
        <source>%1 (up to %2 points)</source>
        <translation>%1（满分 %2 分）</translation>
    </message>
    <message>
        <source>Score: %1</source>
        <translation>得分：%1</translation>
    </message>
    <message>
        <source>Suggested by the check: %1</source>
        <translation>核查建议：%1</translation>
    </message>
    <message>
        <source>No suggestion from the check for this item: enter what you found.</source>
        <translation>核查对此项没有建议分，请按实际情况填写。</translation>
    </message>
    <message>
        <source>Confirmed: %1 points.</source>
        <translation>已确认：%1 分。</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Not confirmed yet.</source>
        <translation>尚未确认。</translation>
    </message>
    <message>
        <source>The score differs from the suggestion: a reason is required to confirm.</source>
        <translation>评分与建议分不同，须填写原因才能确认。</translation>
    </message>
    <message>
        <source>, page %1</source>
        <translation>，第 %1 页</translation>
    </message>
</context>
<context>
    <name>LinkTargetDialog</name>
    <message>
        <source>Link as Evidence</source>
        <translation>关联为佐证</translation>
    </message>
    <message>
        <source>“%1” is filed under %2, but %3 is selected. Link it as evidence for:</source>
        <translation>“%1”归在 %2 下，但当前选中的是 %3。将它关联为哪一项的佐证：</translation>
    </message>
    <message>
        <source>“%1” is not filed under any indicator. Link it as evidence for:</source>
        <translation>“%1”未归入任何指标。将它关联为哪一项的佐证：</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>关联</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>evcheck — Evidence Check</source>
        <translation>evcheck — 教育惠民考核佐证材料核查</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>All Findings</source>
        <translation>全部问题</translation>
    </message>
    <message>
        <source>Coverage: schools × indicators</source>
        <translation>覆盖情况：学校 × 指标</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>考核单位：</translation>
    </message>
    <message>
        <source>The unit (考核单位) whose schools the coverage lists</source>
        <translation>覆盖表按此考核单位下的学校列出</translation>
    </message>
    <message>
        <source>Review: %1</source>
        <translation>评审文件：%1</translation>
    </message>
    <message>
        <source>Review file in use: %1
File → New, Open or Save Review File As… changes it.</source>
        <translation>正在使用的评审文件：%1
可在“文件”菜单中新建、打开或另存评审文件。</translation>
    </message>
    <message>
        <source>Corrections: this session only</source>
        <translation>更正仅本次有效（未保存）</translation>
    </message>
    <message>
        <source>The review file could not be opened; corrections are not saved.</source>
        <translation>无法打开评审文件，更正不会保存。</translation>
    </message>
    <message>
        <source>corrections not saved</source>
        <translation>更正不保存</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>%1 — evcheck</source>
        <translation>%1 — evcheck</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>正在检查 %1</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>即将完成…</translation>
    </message>
    <message>
        <source>Scan finished.</source>
        <translation>检查完成。</translation>
    </message>
    <message>
        <source>Scan cancelled; the previous results are still shown.</source>
        <translation>检查已取消，仍显示上次的结果。</translation>
    </message>
    <message>
        <source>Scan failed; see the message above.</source>
        <translation>检查失败，请查看上方的提示。</translation>
    </message>
    <message>
        <source>%1 files · %2 gaps · %3 errors · %4 warnings</source>
        <translation>%1 个文件 · %2 处缺项 · %3 个错误 · %4 个警告</translation>
    </message>
    <message>
        <source>All Findings (%1)</source>
        <translation>全部问题（%1）</translation>
    </message>
    <message>
        <source>Language and reviewer name apply from the next start of evcheck.</source>
        <translation>界面语言和评审人姓名将在下次启动 evcheck 时生效。</translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <source>No open problems in this unit.</source>
        <translation>本单位已没有待处理的问题。</translation>
    </message>
    <message>
        <source>Problem %1 of %2: %3</source>
        <translation>第 %1 / %2 个问题：%3</translation>
    </message>
    <message>
        <source>Back to the first problem.</source>
        <translation>已回到第一个问题。</translation>
    </message>
    <message>
        <source>Back to the last problem.</source>
        <translation>已回到最后一个问题。</translation>
    </message>
</context>
<context>
    <name>Opener</name>
    <message>
        <source>Open Submission Folder</source>
        <translation>打开材料文件夹</translation>
    </message>
    <message>
        <source>Choose Roster</source>
        <translation>选择花名册</translation>
    </message>
    <message>
        <source>Roster (*.xlsx *.xls *.et *.csv *.txt);;All files (*)</source>
        <translation>花名册 (*.xlsx *.xls *.et *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>“%1” no longer exists. It may have been moved, renamed or the USB stick removed.</source>
        <translation>“%1”已不存在，可能已被移动、改名，或 U 盘已拔出。</translation>
    </message>
    <message>
        <source>Open Submission Archive</source>
        <translation>打开材料压缩包</translation>
    </message>
    <message>
        <source>Archives (*.zip *.rar *.7z);;All files (*)</source>
        <translation>压缩包 (*.zip *.rar *.7z);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a folder or an archive (.zip, .rar, .7z) of a unit&apos;s submission.</source>
        <translation>请打开一个单位的材料文件夹或压缩包（.zip、.rar、.7z）。</translation>
    </message>
    <message>
        <source>(from the folder name)</source>
        <translation>（从文件夹名推断）</translation>
    </message>
    <message>
        <source>Roster: %1</source>
        <translation>花名册：%1</translation>
    </message>
    <message>
        <source>No roster</source>
        <translation>未载入花名册</translation>
    </message>
    <message>
        <source>Unit: %1</source>
        <translation>考核单位：%1</translation>
    </message>
    <message>
        <source>Unit: —</source>
        <translation>考核单位：—</translation>
    </message>
</context>
<context>
    <name>PdfViewer</name>
    <message>
        <source>This PDF is password-protected or encrypted and cannot be shown.</source>
        <translation>此 PDF 设有密码或已加密，无法显示。</translation>
    </message>
    <message>
        <source>This PDF is damaged or not a real PDF and cannot be shown.</source>
        <translation>此 PDF 已损坏或不是真正的 PDF，无法显示。</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>The file is too large to preview.</source>
        <translation>文件太大，无法预览。</translation>
    </message>
    <message>
        <source>No preview for this kind of file. Use “Open with System Viewer” to look at it.</source>
        <translation>此类文件无法在这里预览，请用“用系统默认程序打开”查看。</translation>
    </message>
    <message>
        <source>This file cannot be shown.</source>
        <translation>无法显示此文件。</translation>
    </message>
    <message>
        <source>This file could not be opened for preview.</source>
        <translation>无法打开此文件进行预览。</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Previous Page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next Page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit Width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Fit Page</source>
        <translation>适合页面</translation>
    </message>
    <message>
        <source>Open with System Viewer</source>
        <translation>用系统默认程序打开</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>No file selected</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Select a file to preview it here.</source>
        <translation>选择一个文件，即可在此预览。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Indicator %1 · %2</source>
        <translation>指标 %1 · %2</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未归类）</translation>
    </message>
    <message>
        <source>whole unit</source>
        <translation>单位整体</translation>
    </message>
    <message>
        <source>Page %1 / %2</source>
        <translation>第 %1 / %2 页</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>fit page</source>
        <translation>适合页面</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Could not copy the file out of the zip: %1</source>
        <translation>无法从压缩包中取出该文件：%1</translation>
    </message>
    <message>
        <source>No problems found in this file.</source>
        <translation>此文件未发现问题。</translation>
    </message>
    <message>
        <source>Why it was assigned here:</source>
        <translation>归入此处的依据：</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign File</source>
        <translation>重新归类文件</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未归类）</translation>
    </message>
    <message>
        <source>(whole unit)</source>
        <translation>（单位整体）</translation>
    </message>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform>，另有 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Indicator:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <source>School:</source>
        <translation>学校：</translation>
    </message>
    <message>
        <source>The correction is kept in the review file; the submission is not changed.</source>
        <translation>更正保存在评审文件中，上报的材料不会改动。</translation>
    </message>
</context>
<context>
    <name>RenamePreviewDialog</name>
    <message>
        <source>Rename Files</source>
        <translation>批量重命名</translation>
    </message>
    <message>
        <source>Nothing has been changed yet. Untick any file you want to keep as it is. Before renaming, a journal is saved so that everything can be undone.</source>
        <translation>目前尚未做任何改动。不想改名的文件请取消勾选。重命名前会先保存操作记录，所有改动都可以撤销。</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Select None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Needs your attention:</source>
        <translation>需要注意：</translation>
    </message>
</context>
<context>
    <name>RenameTableModel</name>
    <message>
        <source>Current Name</source>
        <translation>当前名称</translation>
    </message>
    <message>
        <source>New Name</source>
        <translation>新名称</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ReviewFileActions</name>
    <message>
        <source>New Review File…</source>
        <translation>新建评审文件…</translation>
    </message>
    <message>
        <source>Open Review File…</source>
        <translation>打开评审文件…</translation>
    </message>
    <message>
        <source>Save Review File As…</source>
        <translation>评审文件另存为…</translation>
    </message>
    <message>
        <source>Review files (*.evreview);;All files (*)</source>
        <translation>评审文件 (*.evreview);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New Review File</source>
        <translation>新建评审文件</translation>
    </message>
    <message>
        <source>%1 already exists and was not replaced. Open it, or choose another name.</source>
        <translation>%1 已存在，未被替换。请直接打开它，或换一个文件名。</translation>
    </message>
    <message>
        <source>Open Review File</source>
        <translation>打开评审文件</translation>
    </message>
    <message>
        <source>Save Review File As</source>
        <translation>评审文件另存为</translation>
    </message>
    <message>
        <source>Cannot open the review file %1: %2. It was not changed.</source>
        <translation>无法打开评审文件 %1：%2。该文件未作改动。</translation>
    </message>
    <message>
        <source>Now using the review file %1.</source>
        <translation>现在使用评审文件 %1。</translation>
    </message>
</context>
<context>
    <name>ScoringDock</name>
    <message>
        <source>Scoring</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Go to Scoring</source>
        <translation>转到评分</translation>
    </message>
    <message>
        <source>Link Previewed File and Page</source>
        <translation>关联正在预览的文件和页码</translation>
    </message>
    <message>
        <source>Confirm Score</source>
        <translation>确认评分</translation>
    </message>
    <message>
        <source>Remove Unit from Review…</source>
        <translation>从评审中移除单位…</translation>
    </message>
    <message>
        <source>Show Scoring Panel</source>
        <translation>显示评分面板</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>No unit of the review is open.</source>
        <translation>当前没有打开评审中的单位。</translation>
    </message>
    <message>
        <source>Remove Unit</source>
        <translation>移除单位</translation>
    </message>
    <message>
        <source>Remove “%1” from the review? Its scores, evidence links, corrections and verdicts are deleted from the review file (the audit log keeps the history).</source>
        <translation>要从评审中移除“%1”吗？该单位的评分、佐证关联、更正和核实结论将从评审文件中删除（修改记录仍保留历史）。</translation>
    </message>
</context>
<context>
    <name>ScoringPanel</name>
    <message>
        <source>Scoring is off: the review file could not be opened.</source>
        <translation>无法评分：评审文件打不开。</translation>
    </message>
    <message>
        <source>Open a unit&apos;s submission to score it.</source>
        <translation>打开一个单位的材料后即可评分。</translation>
    </message>
    <message>
        <source>Scoring: %1</source>
        <translation>评分：%1</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Total %1 · scaled %2 · final %3</source>
        <translation>合计 %1 · 折算 %2 · 最终 %3</translation>
    </message>
    <message>
        <source> · veto</source>
        <translation> · 一票否决</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) not confirmed</source>
        <translation>
            <numerusform>%n 项未确认</numerusform>
        </translation>
    </message>
    <message>
        <source>all confirmed</source>
        <translation>已全部确认</translation>
    </message>
    <message>
        <source>Change %1 %2</source>
        <translation>修改 %1 %2</translation>
    </message>
    <message>
        <source>Confirm %1</source>
        <translation>确认 %1</translation>
    </message>
    <message>
        <source>Withdraw confirmation of %1</source>
        <translation>撤回 %1 的确认</translation>
    </message>
    <message>
        <source>Notes on %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <source>Set weight of %1</source>
        <translation>设置 %1 的督导赋分</translation>
    </message>
    <message>
        <source>Veto %1</source>
        <translation>一票否决 %1</translation>
    </message>
    <message>
        <source>Lift veto of %1</source>
        <translation>取消 %1 的一票否决</translation>
    </message>
    <message>
        <source>No file is being previewed. Select a file, then link it.</source>
        <translation>当前没有预览文件。请先选择文件，再进行关联。</translation>
    </message>
    <message>
        <source>Link %1 to %2</source>
        <translation>将 %1 关联到 %2</translation>
    </message>
    <message>
        <source>Linked as evidence for %1.</source>
        <translation>已关联为 %1 的佐证。</translation>
    </message>
    <message>
        <source>Remove link %1</source>
        <translation>取消关联 %1</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search the text of every file (Ctrl+F)</source>
        <translation>在所有文件的文字中搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Hit %1 of %2: %3, page %4</source>
        <translation>第 %1/%2 处：%3，第 %4 页</translation>
    </message>
    <message>
        <source>Page %1: this text was read by text recognition; its place cannot be marked.</source>
        <translation>第 %1 页：这段文字由文字识别读出，预览中无法标出位置。</translation>
    </message>
    <message>
        <source>Page %1: the place of the hit cannot be marked in the preview.</source>
        <translation>第 %1 页：预览中无法标出这处文字的位置。</translation>
    </message>
    <message>
        <source>%1 hits in %2 files</source>
        <translation>找到 %1 处，在 %2 个文件中</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <source>Still reading the contents (%1): results may be incomplete.</source>
        <translation>仍在读取内容（%1），结果可能不全。</translation>
    </message>
    <message>
        <source>Open a submission first.</source>
        <translation>请先打开材料。</translation>
    </message>
    <message>
        <source>The contents have not been read.</source>
        <translation>尚未读取文件内容。</translation>
    </message>
    <message>
        <source>The file contents are not read: tick “%1” in Settings, then check again (F5).</source>
        <translation>未读取文件内容：请在“设置”中勾选“%1”，然后重新检查（F5）。</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>全文搜索</translation>
    </message>
    <message>
        <source>Search File Contents…</source>
        <translation>全文搜索…</translation>
    </message>
    <message>
        <source>Next Hit</source>
        <translation>下一处</translation>
    </message>
    <message>
        <source>Previous Hit</source>
        <translation>上一处</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Reviewer name</source>
        <translation>评审人姓名</translation>
    </message>
    <message>
        <source>Recorded in the review file with every score and correction you make.</source>
        <translation>您所做的每项评分和更正都会以此姓名记入评审文件。</translation>
    </message>
    <message>
        <source>Default weight</source>
        <translation>默认督导赋分（权重）</translation>
    </message>
    <message>
        <source>The supervision weight a new unit starts with; sections 1-4 are scaled to it.</source>
        <translation>新单位默认的督导赋分，第 1–4 项得分按此折算。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Takes effect the next time evcheck starts.</source>
        <translation>下次启动 evcheck 时生效。</translation>
    </message>
    <message>
        <source>Time limit per file</source>
        <translation>单个文件检查时限</translation>
    </message>
    <message>
        <source>A file that takes longer to open is reported as timed out and skipped.</source>
        <translation>超过时限仍未打开的文件记为“超时”并跳过。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Read file contents after a check (text recognition)</source>
        <translation>检查后读取文件内容（文字识别）</translation>
    </message>
    <message>
        <source>Runs in the background: finds the school and indicator of files whose names say nothing, red seals and document numbers, and makes the text searchable (Ctrl+F).</source>
        <translation>在后台运行：文件名看不出学校或指标时按内容归属，查找红色公章和文号，并可全文搜索（Ctrl+F）。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SignalsModel</name>
    <message>
        <source>Not checked</source>
        <translation>未核实</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已核实</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>核实结论</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>疑点</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>SignalsView</name>
    <message>
        <source>Find Signals</source>
        <translation>查找疑点</translation>
    </message>
    <message>
        <source>Look for reused photos, copied documents, other schools&apos; documents and odd dates</source>
        <translation>查找重复使用的照片、雷同的文件、其他学校的文件以及异常日期</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Mark Checked…</source>
        <translation>标记为已核实…</translation>
    </message>
    <message>
        <source>Mark as Problem…</source>
        <translation>标记为有问题…</translation>
    </message>
    <message>
        <source>Clear Mark</source>
        <translation>清除标记</translation>
    </message>
    <message>
        <source>Export List…</source>
        <translation>导出清单…</translation>
    </message>
    <message>
        <source>Not searched yet.</source>
        <translation>尚未查找。</translation>
    </message>
    <message>
        <source>%1 signals, %2 not checked</source>
        <translation>%1 个疑点，%2 个未核实</translation>
    </message>
    <message>
        <source>Check a submission first.</source>
        <translation>请先打开并检查一个单位的材料。</translation>
    </message>
    <message>
        <source>Reading photos and documents…</source>
        <translation>正在读取照片和文件…</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>查找失败：%1</translation>
    </message>
    <message>
        <source>Search cancelled.</source>
        <translation>查找已取消。</translation>
    </message>
    <message>
        <source>Select a signal to compare its files.</source>
        <translation>选择一个疑点，即可对比相关文件。</translation>
    </message>
    <message>
        <source>This signal concerns one file.</source>
        <translation>此疑点只涉及一个文件。</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>To Verify</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>To &amp;Verify</source>
        <translation>待核实(&amp;V)</translation>
    </message>
    <message>
        <source>What did you find? (required)</source>
        <translation>核实结果（必填）</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>备注（可选）：</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>核实结论</translation>
    </message>
    <message>
        <source>Export List</source>
        <translation>导出清单</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>UnitListModel</name>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>缺项</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <source>Not submitted</source>
        <translation>未提交</translation>
    </message>
    <message>
        <source>Ambiguous</source>
        <translation>有歧义</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>No unit</source>
        <translation>未对应单位</translation>
    </message>
    <message>
        <source>Not in the review file yet: it joins when you open the unit.</source>
        <translation>尚未加入评审文件：打开该单位后即加入。</translation>
    </message>
    <message>
        <source>No folder or archive under this root is named after “%1”: the unit has not submitted. If its material is here under another name, rename it to include the unit&apos;s name and press F5.</source>
        <translation>“%1”未提交材料：这里没有以该单位命名的文件夹或压缩包。如果材料用了别的名字，请把名字改为包含单位名称，再按 F5 重新检查。</translation>
    </message>
    <message>
        <source>Several pieces of material may belong to “%1”: %2. The checker does not guess. Right-click the unit and choose “Use This Material” for the right one.</source>
        <translation>有几份材料都可能属于“%1”：%2。程序不作猜测。请在该单位上点右键，为正确的一份选择“改用此材料”。</translation>
    </message>
    <message>
        <source>The material “%1” could not be read: %2</source>
        <translation>无法读取材料“%1”：%2</translation>
    </message>
    <message>
        <source>“%1” names no unit on the roster, so it was not checked. Rename it to include its unit&apos;s name, or open it on its own.</source>
        <translation>“%1”的名字对应不到花名册上的任何单位，因此没有检查。请把名字改为包含单位名称，或单独打开它。</translation>
    </message>
</context>
<context>
    <name>UnitPanel</name>
    <message>
        <source>Unit</source>
        <translation>考核单位</translation>
    </message>
    <message>
        <source>not entered</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Supervision weight, more than 0 and at most 100. Sections 1–4 are scaled to it.</source>
        <translation>督导赋分（权重），大于 0 且不超过 100。第 1–4 项得分按此折算。</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>督导赋分</translation>
    </message>
    <message>
        <source>Veto: falsified material — the unit scores 0</source>
        <translation>一票否决：材料弄虚作假，该单位计 0 分</translation>
    </message>
    <message>
        <source>Required: which material was falsified</source>
        <translation>必填：哪份材料弄虚作假</translation>
    </message>
    <message>
        <source>Veto reason</source>
        <translation>否决原因</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Total of sections 1–4</source>
        <translation>第 1–4 项合计</translation>
    </message>
    <message>
        <source>Scaled to the weight</source>
        <translation>按督导赋分折算</translation>
    </message>
    <message>
        <source>Final score</source>
        <translation>最终得分</translation>
    </message>
    <message>
        <source>Items not confirmed</source>
        <translation>未确认的项目</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Taken off after scaling, not scaled. Reading chosen (“add”): a complaint found true costs its 3 plus the complaint&apos;s 1 — count it in both boxes. See docs/scoring.md.</source>
        <translation>在折算之后直接扣分，不折算。本软件采用“叠加”理解：查实的投诉扣 3 分，另加该投诉本身的 1 分，即两栏都要计入。详见 docs/scoring.md。</translation>
    </message>
    <message>
        <source>Taken off after scaling, not scaled. Reading chosen (“replace”): a complaint found true costs 3 in all, not 3 + 1 — count it only under “found true”, not as a plain complaint. See docs/scoring.md.</source>
        <translation>在折算之后直接扣分，不折算。本软件采用“替代”理解：查实的投诉共扣 3 分，而不是 3 + 1，只计入“查实”一栏，不再作为普通投诉计数。详见 docs/scoring.md。</translation>
    </message>
    <message>
        <source>— (no weight)</source>
        <translation>—（未填督导赋分）</translation>
    </message>
    <message>
        <source> (veto)</source>
        <translation>（一票否决）</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>Open Folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open Archive…</source>
        <translation>打开压缩包…</translation>
    </message>
    <message>
        <source>Choose Roster…</source>
        <translation>选择花名册…</translation>
    </message>
    <message>
        <source>Choose Unit…</source>
        <translation>选择考核单位…</translation>
    </message>
    <message>
        <source>Check Without Roster</source>
        <translation>不使用花名册检查</translation>
    </message>
    <message>
        <source>Load Demo</source>
        <translation>载入演示材料</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Re-scan</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Cancel Scan</source>
        <translation>取消检查</translation>
    </message>
    <message>
        <source>Next Indicator</source>
        <translation>下一个指标</translation>
    </message>
    <message>
        <source>Previous Indicator</source>
        <translation>上一个指标</translation>
    </message>
    <message>
        <source>Next File</source>
        <translation>下一个文件</translation>
    </message>
    <message>
        <source>Previous File</source>
        <translation>上一个文件</translation>
    </message>
    <message>
        <source>Next Problem</source>
        <translation>下一个问题</translation>
    </message>
    <message>
        <source>Previous Problem</source>
        <translation>上一个问题</translation>
    </message>
    <message>
        <source>Show All Files</source>
        <translation>显示全部文件</translation>
    </message>
    <message>
        <source>Reassign File…</source>
        <translation>重新归类文件…</translation>
    </message>
    <message>
        <source>Accept Finding…</source>
        <translation>认可问题…</translation>
    </message>
    <message>
        <source>Go to Indicators</source>
        <translation>转到指标</translation>
    </message>
    <message>
        <source>Go to Coverage Matrix</source>
        <translation>转到覆盖表</translation>
    </message>
    <message>
        <source>Go to Files</source>
        <translation>转到文件列表</translation>
    </message>
    <message>
        <source>Go to Findings</source>
        <translation>转到问题列表</translation>
    </message>
    <message>
        <source>Filter Files</source>
        <translation>筛选文件</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About evcheck</source>
        <translation>关于 evcheck</translation>
    </message>
    <message>
        <source>Open Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>检查(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Corrections</source>
        <translation>更正(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>WorkModes</name>
    <message>
        <source>Check</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>Indicators, coverage matrix and files, with the preview</source>
        <translation>指标、覆盖情况和文件列表，旁边是预览</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>The file list beside a wide preview, to read the evidence</source>
        <translation>文件列表加大幅预览，便于阅读材料</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Files, preview and the scoring panel</source>
        <translation>文件列表、预览和评分面板</translation>
    </message>
    <message>
        <source>Reset Layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <source>Forget the pane sizes you set and use each mode&apos;s own</source>
        <translation>不再沿用您调整过的窗格大小，改用各模式的默认布局</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Cannot read the roster %1: %2. Check that it is a spreadsheet (XLSX, XLS, ET) or CSV file with the columns 单位,学校,别名.</source>
        <translation>无法读取花名册 %1：%2。请确认它是包含“单位”“学校”两列（可有“别名”）的表格（XLSX、XLS、ET）或 CSV 文件。</translation>
    </message>
    <message>
        <source>The check stopped with an unexpected error: %1. Your saved review is not affected; press F5 to check again.</source>
        <translation>检查因意外错误中止：%1。已保存的评审内容不受影响，请按 F5 重新检查。</translation>
    </message>
    <message>
        <source>Cannot tell which unit “%1” belongs to. Choose it in %2 (Ctrl+U); the check then runs again.</source>
        <translation>无法判断“%1”是哪个考核单位的材料。请在“%2”中选择（Ctrl+U），选好后会自动重新检查。</translation>
    </message>
    <message>
        <source>Units: %1.</source>
        <translation>可选的单位：%1。</translation>
    </message>
</context>
<context>
    <name>evcheck</name>
    <message>
        <source>Met</source>
        <translation>已满足</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>缺项</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Not required</source>
        <translation>无需材料</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已认可</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>压缩包</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
</TS>
