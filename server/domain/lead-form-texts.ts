import type { leadFormLanguages } from "@/db/schema/enum-values";

/*
 * The built-in texts of lead forms (buttons, errors, page titles) in every language a form may use; read
 * by the answers checker, the hosted page and the embed's API through server/domain/lead-forms.ts.
 */

/** The built-in texts of a form in one language. `{n}` and `{label}` are filled in. */
export interface LeadFormTexts {
  submit: string;
  sending: string;
  required: string;
  invalidEmail: string;
  invalidPhone: string;
  invalidNumber: string;
  invalidDate: string;
  invalidChoice: string;
  tooShort: string;
  tooLong: string;
  tooSmall: string;
  tooLarge: string;
  pattern: string;
  unknownField: string;
  thanks: string;
  closed: string;
  notFound: string;
  tooMany: string;
  failed: string;
  rtl: boolean;
}

/** Built-in texts per language (English, Hindi, Persian, Arabic, Spanish). */
export const leadFormTexts: Record<(typeof leadFormLanguages)[number], LeadFormTexts> = {
  en: {
    submit: "Send",
    sending: "Sending…",
    required: "This field is required.",
    invalidEmail: "Enter a valid email address.",
    invalidPhone: "Enter a valid phone number.",
    invalidNumber: "Enter a number.",
    invalidDate: "Enter a date.",
    invalidChoice: "Choose one of the options.",
    tooShort: "Use at least {n} characters.",
    tooLong: "Use at most {n} characters.",
    tooSmall: "Enter {n} or more.",
    tooLarge: "Enter {n} or less.",
    pattern: "Check the format.",
    unknownField: "This field is not part of the form.",
    thanks: "Thank you! We received your details.",
    closed: "This form is closed.",
    notFound: "This form does not exist.",
    tooMany: "Too many attempts. Try again in a minute.",
    failed: "Something went wrong. Try again.",
    rtl: false,
  },
  hi: {
    submit: "भेजें",
    sending: "भेजा जा रहा है…",
    required: "यह फ़ील्ड आवश्यक है।",
    invalidEmail: "मान्य ईमेल पता दर्ज करें।",
    invalidPhone: "मान्य फ़ोन नंबर दर्ज करें।",
    invalidNumber: "एक संख्या दर्ज करें।",
    invalidDate: "एक तारीख दर्ज करें।",
    invalidChoice: "विकल्पों में से एक चुनें।",
    tooShort: "कम से कम {n} अक्षर लिखें।",
    tooLong: "अधिकतम {n} अक्षर लिखें।",
    tooSmall: "{n} या उससे अधिक दर्ज करें।",
    tooLarge: "{n} या उससे कम दर्ज करें।",
    pattern: "प्रारूप जाँचें।",
    unknownField: "यह फ़ील्ड फ़ॉर्म का हिस्सा नहीं है।",
    thanks: "धन्यवाद! हमें आपकी जानकारी मिल गई है।",
    closed: "यह फ़ॉर्म बंद है।",
    notFound: "यह फ़ॉर्म मौजूद नहीं है।",
    tooMany: "बहुत अधिक प्रयास। एक मिनट बाद फिर कोशिश करें।",
    failed: "कुछ गलत हो गया। फिर कोशिश करें।",
    rtl: false,
  },
  fa: {
    submit: "ارسال",
    sending: "در حال ارسال…",
    required: "این فیلد الزامی است.",
    invalidEmail: "یک نشانی ایمیل معتبر وارد کنید.",
    invalidPhone: "یک شماره تلفن معتبر وارد کنید.",
    invalidNumber: "یک عدد وارد کنید.",
    invalidDate: "یک تاریخ وارد کنید.",
    invalidChoice: "یکی از گزینه‌ها را انتخاب کنید.",
    tooShort: "دست‌کم {n} نویسه بنویسید.",
    tooLong: "حداکثر {n} نویسه بنویسید.",
    tooSmall: "{n} یا بیشتر وارد کنید.",
    tooLarge: "{n} یا کمتر وارد کنید.",
    pattern: "قالب را بررسی کنید.",
    unknownField: "این فیلد بخشی از فرم نیست.",
    thanks: "سپاس! اطلاعات شما دریافت شد.",
    closed: "این فرم بسته شده است.",
    notFound: "این فرم وجود ندارد.",
    tooMany: "تلاش‌های زیاد. یک دقیقه دیگر دوباره امتحان کنید.",
    failed: "مشکلی پیش آمد. دوباره امتحان کنید.",
    rtl: true,
  },
  ar: {
    submit: "إرسال",
    sending: "جارٍ الإرسال…",
    required: "هذا الحقل مطلوب.",
    invalidEmail: "أدخل بريدًا إلكترونيًا صالحًا.",
    invalidPhone: "أدخل رقم هاتف صالحًا.",
    invalidNumber: "أدخل رقمًا.",
    invalidDate: "أدخل تاريخًا.",
    invalidChoice: "اختر أحد الخيارات.",
    tooShort: "استخدم {n} أحرف على الأقل.",
    tooLong: "استخدم {n} أحرف على الأكثر.",
    tooSmall: "أدخل {n} أو أكثر.",
    tooLarge: "أدخل {n} أو أقل.",
    pattern: "تحقق من الصيغة.",
    unknownField: "هذا الحقل ليس جزءًا من النموذج.",
    thanks: "شكرًا لك! تلقينا بياناتك.",
    closed: "هذا النموذج مغلق.",
    notFound: "هذا النموذج غير موجود.",
    tooMany: "محاولات كثيرة. حاول مرة أخرى بعد دقيقة.",
    failed: "حدث خطأ ما. حاول مرة أخرى.",
    rtl: true,
  },
  es: {
    submit: "Enviar",
    sending: "Enviando…",
    required: "Este campo es obligatorio.",
    invalidEmail: "Introduce un correo electrónico válido.",
    invalidPhone: "Introduce un número de teléfono válido.",
    invalidNumber: "Introduce un número.",
    invalidDate: "Introduce una fecha.",
    invalidChoice: "Elige una de las opciones.",
    tooShort: "Usa al menos {n} caracteres.",
    tooLong: "Usa como máximo {n} caracteres.",
    tooSmall: "Introduce {n} o más.",
    tooLarge: "Introduce {n} o menos.",
    pattern: "Revisa el formato.",
    unknownField: "Este campo no forma parte del formulario.",
    thanks: "¡Gracias! Hemos recibido tus datos.",
    closed: "Este formulario está cerrado.",
    notFound: "Este formulario no existe.",
    tooMany: "Demasiados intentos. Vuelve a intentarlo en un minuto.",
    failed: "Algo salió mal. Inténtalo de nuevo.",
    rtl: false,
  },
};
